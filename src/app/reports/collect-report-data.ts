// Reads everything the report shows from the store (and the readiness findings recomputed from the
// campaign's snapshot with the configured rules): one object, rendered as HTML, CSV and JSON. The
// plan comes as its header and its assignment rows, a page at a time, never as its whole body.
import type { ReadinessFinding } from '../../core/readiness/assess-readiness.ts';
import type { PlanHeader } from '../../core/planning/plan.ts';
import { reportFormat, type ReportData, type ReportIdentityRow, type StateCounts } from '../../reports/report-data.ts';
import { StoreNoticeJournal } from '../../notify/store-notice-journal.ts';
import { campaignActions, campaignJournal } from '../../store/actions/campaign-actions.ts';
import { latestAuditEntryFor } from '../../store/audit/audit-entries-for.ts';
import { verifyAuditChain } from '../../store/audit/verify-audit-chain.ts';
import { countNotices } from '../../store/notices/list-notices.ts';
import type { Store } from '../../store/open-store.ts';
import { listApprovals } from '../../store/plans/list-approvals.ts';
import { planAssignmentPages } from '../../store/plans/read-plan-assignments.ts';
import { countManualTasks, listManualTasks } from '../../store/tasks/list-manual-tasks.ts';
import { findCampaignIdentities } from '../campaign/campaign-identities.ts';
import { campaignReadiness } from '../campaign/campaign-readiness.ts';
import { findCurrentPlanHeader, type CurrentPlanHeader } from '../campaign/current-plan.ts';
import { latestTriage } from '../campaign/record-triage.ts';
import { resolveCampaign } from '../campaign/resolve-campaign.ts';
import type { App } from '../create-app.ts';
import { reportIdentityRows, type ReportAction } from './report-identity-rows.ts';
import { resetAtVerify, type ResetAmong } from './reset-at-verify.ts';

const emptyCounts = (): StateCounts => ({ planned: 0, claimed: 0, applied: 0, verified: 0, failed: 0, skipped: 0 });

export async function collectReportData(app: App, input: { campaignId?: string }): Promise<ReportData> {
  const store = await app.store();
  const campaign = await resolveCampaign(store, input.campaignId);
  const id = campaign.id;
  const current = await findCurrentPlanHeader(store, id);
  const plan = current?.plan;
  const actions = await campaignActions(store, id);
  const journal = await campaignJournal(store, id);
  const applied = new Map<number, string>();
  const verified = new Map<number, string>();
  const exemptBy = new Map<number, { reason: string; by: string | null }>();
  const throttles: Array<{ actionId: number; at: string }> = [];
  const failedEvents: string[] = [];
  for (const e of journal) {
    const actionId = e.actionId;
    if (e.toState === 'applied' && !applied.has(actionId)) applied.set(actionId, e.at);
    if (e.toState === 'verified' && !verified.has(actionId)) verified.set(actionId, e.at);
    if (e.toState === 'failed') {
      failedEvents.push(e.at);
      const details = e.details as { errorCode?: string; reason?: string; by?: string };
      if (details.errorCode === 'DIRECTORY_THROTTLED') throttles.push({ actionId, at: e.at });
    }
    if (e.toState === 'skipped' && e.event === 'exempt') {
      const details = e.details as { reason?: string; by?: string };
      exemptBy.set(actionId, { reason: details.reason ?? '', by: details.by ?? null });
    }
  }

  const totals = emptyCounts();
  const waveCounts = new Map<number | null, StateCounts>();
  const failuresByCode: Record<string, number> = {};
  const enforcement = { disabled: 0, exempt: 0, reenabled: 0 };
  const actionDirectory = new Map<number, string>();
  for (const a of actions) {
    const state = a.state as keyof StateCounts;
    totals[state] += 1;
    const waveId = a.waveId;
    const counts = waveCounts.get(waveId) ?? emptyCounts();
    counts[state] += 1;
    waveCounts.set(waveId, counts);
    actionDirectory.set(a.id, a.directory);
    if (a.state === 'failed' && a.lastErrorCode)
      failuresByCode[a.lastErrorCode] = (failuresByCode[a.lastErrorCode] ?? 0) + 1;
    const done = a.state === 'applied' || a.state === 'verified';
    if (a.idempotencyKey.startsWith(`${id}/deadline/`)) {
      if (a.state === 'skipped') enforcement.exempt += 1;
      else if (done) enforcement.disabled += 1;
    }
    if (a.idempotencyKey.startsWith(`${id}/reenable/`) && done) enforcement.reenabled += 1;
  }
  const reportActions: ReportAction[] = actions;
  const tasks = await listManualTasks(store, { campaignId: id });
  const taskOf = new Map(tasks.map((t) => [`${t.directory}\n${t.identityKey}`, t]));
  const rowsOf = reportIdentityRows(id, reportActions, { applied, verified }, taskOf);
  const verifyRow = await latestAuditEntryFor(store, { action: 'verify', target: `campaign:${id}` });
  const verified_ = verifyRow
    ? (verifyRow.details as {
        checked: number;
        changed: number;
        reset?: number;
        missed: number;
        runId?: number;
        resetKeys?: string[];
      })
    : null;
  const verification =
    verifyRow && verified_
      ? {
          at: verifyRow.at,
          checked: verified_.checked,
          changed: verified_.changed,
          reset: verified_.reset ?? 0,
          missed: verified_.missed,
        }
      : null;
  const resetAmong = resetAtVerify(store, verified_);
  const identities: ReportIdentityRow[] = [];
  const missed: ReportData['missed'] = [];
  if (current)
    for await (const page of planAssignmentPages(store, current.versionId)) {
      const rows = rowsOf(page.map((r) => r.assignment));
      identities.push(...rows);
      if (verification) missed.push(...(await missedOf(rows, resetAmong, taskOf)));
    }
  const taskCounts = await countManualTasks(store, id);
  const chain = await verifyAuditChain(store);
  const triage = (await latestTriage(app, id)) ?? null;

  return {
    format: reportFormat,
    generatedAt: app.clock.now().toISOString(),
    generatedBy: app.operator,
    campaign: { id, name: campaign.name, status: campaign.status, createdAt: campaign.createdAt, t0: campaign.t0 },
    triage,
    readiness: await readiness(app, store, id, triage?.assurance.value),
    plan: current && plan ? await planSection(store, current, plan, waveCounts) : null,
    progress: { totals, timeline: timeline([...applied.values()], failedEvents) },
    exceptions: {
      failures: actions
        .filter((a) => a.state === 'failed')
        .map((a) => ({
          directory: a.directory,
          identity: a.identityName,
          kind: a.kind,
          code: a.lastErrorCode,
          retrying: Number(a.failureRetryable) === 1,
        })),
      failuresByCode,
      exemptions: actions
        .filter((a) => a.state === 'skipped' && exemptBy.has(a.id))
        .map((a) => ({ directory: a.directory, identity: a.identityName, ...exemptBy.get(a.id)! })),
      protected: (plan?.protected ?? []).map((p) => ({ directory: p.directory, name: p.name, reason: p.reason })),
      unmanageable: (plan?.unmanageable ?? []).map((p) => ({ directory: p.directory, name: p.name, reason: p.reason })),
    },
    enforcement,
    verification,
    missed,
    tasks: {
      byState: taskCounts.byState,
      byKind: taskCounts.byKind,
      list: tasks.map((t) => ({
        id: t.id,
        kind: t.kind,
        state: t.state,
        wave: t.waveNumber,
        directory: t.directory,
        identity: t.identityName,
        assignee: t.assignee,
        assignedAt: t.assignedAt,
        assignedBy: t.assignedBy,
        doneBy: t.doneBy,
        doneAt: t.doneAt,
        note: t.note,
        verifiedAt: t.verifiedAt,
        changedAt: t.changedAt,
        owner: t.owner,
        application: t.application,
        checkReason: t.checkReason,
      })),
    },
    krbtgt: (plan?.krbtgt ?? []).map((s) => {
      const row = actions.find((a) => a.idempotencyKey === `${id}/krbtgt/${s.directory}/${s.key}/step${s.step}`);
      return {
        directory: s.directory,
        name: s.name,
        step: s.step,
        plannedAt: s.at,
        why: s.why,
        state: row?.state ?? null,
        appliedAt: row ? (applied.get(row.id) ?? null) : null,
      };
    }),
    throttling: throttling(throttles, actionDirectory),
    notices: await notices(store, id),
    noticeLog: (await new StoreNoticeJournal(store).list(id)).map(({ id: _id, idempotencyKey: _key, ...n }) => n),
    audit: chain.ok
      ? { entries: chain.entries, ok: true, headHash: chain.headHash, brokenSeq: null }
      : { entries: chain.entries, ok: false, headHash: null, brokenSeq: chain.brokenSeq },
    identities,
  };
}

/**
 * SAFETY: a person treated by hand counts as missed until their task is verified from the
 * directory: a claim of done, a failure or a wave not run yet is not a changed password.
 */
async function missedOf(
  rows: readonly ReportIdentityRow[],
  resetAmong: ResetAmong,
  taskOf: ReadonlyMap<string, { id: number; state: string }>,
): Promise<ReportData['missed']> {
  const open = rows.filter((r) => r.wave > 0 && r.status !== 'verified');
  const reset = open.length > 0 ? await resetAmong(open) : new Set<string>();
  return open
    .filter((r) => !reset.has(`${r.directory}\n${r.key}`))
    .map((r) => {
      const task = r.status === 'task' ? taskOf.get(`${r.directory}\n${r.key}`) : undefined;
      return {
        directory: r.directory,
        name: r.name,
        wave: r.wave,
        status: r.status !== 'task' ? r.status : task ? `task ${task.id} ${task.state}` : 'task not opened',
      };
    });
}

async function planSection(
  store: Store,
  current: CurrentPlanHeader,
  plan: PlanHeader,
  waveCounts: Map<number | null, StateCounts>,
): Promise<NonNullable<ReportData['plan']>> {
  const approvals = await listApprovals(store, current.versionId);
  const waveIds = new Map(current.waves.map((w) => [w.ordinal, w.id]));
  return {
    versionId: current.versionId,
    contentHash: plan.contentHash,
    createdBy: current.createdBy,
    createdAt: current.createdAt,
    assurance: plan.assurance,
    approvals,
    totals: {
      identities: plan.totals.identities,
      inWaves: plan.totals.inWaves,
      waves: plan.waves.length,
      protected: plan.protected.length,
      unmanageable: plan.unmanageable.length,
      outOfScope: plan.outOfScope.count,
    },
    bySegment: plan.totals.bySegment,
    byTreatment: plan.totals.byTreatment,
    waves: plan.waves.map((w) => ({
      number: w.number,
      label: w.label,
      startAt: w.startAt,
      deadlineAt: w.deadlineAt,
      size: w.size,
      bySegment: w.bySegment,
      byTreatment: w.byTreatment,
      actions: waveCounts.get(waveIds.get(w.number) ?? -1) ?? emptyCounts(),
    })),
    alternatives: plan.alternatives.map((a) => ({
      segment: a.segment,
      alternative: a.alternative,
      chosen: a.chosen,
      identities: a.identities,
      drawback: a.drawback,
    })),
  };
}

async function readiness(
  app: App,
  store: Store,
  campaignId: string,
  assurance: 'standard' | 'high' | undefined,
): Promise<ReadinessFinding[]> {
  const identities = await findCampaignIdentities(store, campaignId);
  return identities ? campaignReadiness(app, identities, assurance) : [];
}

/** Buckets of a minute when the work spans two hours or less, of an hour otherwise. */
function bucketer(times: readonly string[]): (at: string) => string {
  const sorted = [...times].sort();
  const span = sorted.length > 0 ? Date.parse(sorted.at(-1)!) - Date.parse(sorted[0]!) : 0;
  const width = span <= 2 * 3_600_000 ? 16 : 13;
  return (at) => `${at.slice(0, width)}${width === 16 ? ':00Z' : ':00:00Z'}`;
}

function timeline(appliedTimes: string[], failedTimes: string[]): ReportData['progress']['timeline'] {
  const bucket = bucketer([...appliedTimes, ...failedTimes]);
  const perBucket = new Map<string, { applied: number; failed: number }>();
  for (const t of appliedTimes)
    (perBucket.get(bucket(t)) ?? perBucket.set(bucket(t), { applied: 0, failed: 0 }).get(bucket(t))!).applied += 1;
  for (const t of failedTimes)
    (perBucket.get(bucket(t)) ?? perBucket.set(bucket(t), { applied: 0, failed: 0 }).get(bucket(t))!).failed += 1;
  let applied = 0;
  return [...perBucket.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([at, n]) => ({ at, applied: (applied += n.applied), failed: n.failed }));
}

function throttling(
  events: Array<{ actionId: number; at: string }>,
  directoryOf: Map<number, string>,
): ReportData['throttling'] {
  const byDirectory: Record<string, number> = {};
  const bucket = bucketer(events.map((e) => e.at));
  const byHour = new Map<string, number>();
  for (const e of events) {
    const d = directoryOf.get(e.actionId) ?? 'unknown';
    byDirectory[d] = (byDirectory[d] ?? 0) + 1;
    byHour.set(bucket(e.at), (byHour.get(bucket(e.at)) ?? 0) + 1);
  }
  return {
    total: events.length,
    byDirectory,
    byHour: [...byHour.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([at, count]) => ({ at, count })),
  };
}

async function notices(store: Store, campaignId: string): Promise<ReportData['notices']> {
  const byKind = await countNotices(store, campaignId);
  let total = 0;
  for (const states of Object.values(byKind)) for (const n of Object.values(states)) total += n;
  return { byKind, total };
}
