// `reclaim verify`: every in-scope identity re-read from its directory; the people whose every
// side changed have their start actions marked verified; the rest are written to the store as the
// run's findings, a page at a time (verify-findings.ts), and read back from there to be listed
// (exit 3 in the CLI): the answer holds counts and the run's id, nobody in particular. Once the
// run is recorded, the findings of the campaign's earlier runs are deleted (prune-verify-findings.ts).
// Identities treated by a person are judged by their manual task (src/app/tasks): verified when the
// directory shows a change after the task was assigned, otherwise missed and listed.
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { verifyCampaign, type VerifyMiss, type VerifyResult, type VerifyTarget } from '../../engine/verify-campaign.ts';
import { appliedActions, markActionsVerified } from '../../store/actions/mark-verified.ts';
import { appendAuditIn } from '../../store/audit/append-audit.ts';
import { pruneSupersededFindings } from '../../store/verify/prune-verify-findings.ts';
import { finishVerifyRunIn, startVerifyRun } from '../../store/verify/verify-runs.ts';
import { inWriteTransaction } from '../../store/write-transaction.ts';
import type { App } from '../create-app.ts';
import { verifyManualTasks, type TaskVerification } from '../tasks/verify-manual-tasks.ts';
import { currentPlanHeader } from './current-plan.ts';
import { explainCloudLag } from './hybrid-verify-reason.ts';
import { resolveCampaign } from './resolve-campaign.ts';
import { resetKeysDigest, verifyFindingsSink } from './verify-findings.ts';
import { verifyTargetPages } from './verify-targets.ts';
import { hasSeveralDcs, verifyPerDc, type PerDcResult } from './verify-per-dc.ts';

export async function verifyPlan(
  app: App,
  input: {
    campaignId?: string;
    waves?: number[];
    onProgress?: (done: number, total: number) => void;
    perDc?: { waitMs?: number };
    /** assignments read a page (default 2000) */
    pageSize?: number;
  },
): Promise<VerifyPlanResult> {
  const store = await app.store();
  const campaign = await resolveCampaign(store, input.campaignId);
  const t0 = campaign.t0;
  if (!t0)
    throw new ReclaimError('TOO_EARLY', `Campaign ${campaign.id} has not started (no T0): nothing to verify yet`);
  const current = await currentPlanHeader(store, campaign.id);
  // SAFETY: with several DCs, a write is verified only once every DC shows it (replication
  // metadata), not from the DC that made it alone; --per-dc only adds the report to the output.
  // Read before the people, so that each page of them is marked verified as soon as it is judged.
  const perDc = input.perDc || hasSeveralDcs(app) ? await verifyPerDc(app, campaign.id, input.perDc ?? {}) : undefined;
  const lacking = new Set(
    perDc?.directories.flatMap((d) => d.notEverywhere.map((n) => `${d.directory}\n${n.key}`)) ?? [],
  );
  const chosen = input.waves?.length ? new Set(input.waves) : undefined;
  const runId = await startVerifyRun(store, { campaignId: campaign.id, t0, now: app.clock.now() });
  const record = verifyFindingsSink(store, runId);
  const result = await verifyCampaign({
    pages: verifyTargetPages(store, {
      campaignId: campaign.id,
      versionId: current.versionId,
      waves: current.plan.waves,
      ...(input.waves ? { chosen: input.waves } : {}),
      ...(input.pageSize ? { pageSize: input.pageSize } : {}),
    }),
    total: current.plan.waves.reduce((n, w) => (chosen && !chosen.has(w.number) ? n : n + w.size), 0),
    t0,
    directories: app.directories(),
    explain: (target, misses) => explainCloudLag([target], misses),
    onVerified: (people) =>
      markVerified(
        app,
        { campaignId: campaign.id, t0 },
        people.filter((t) => t.sides.every((side) => !lacking.has(`${side.directory}\n${side.key}`))),
      ),
    onFindings: record,
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
  });
  const tasks = await verifyManualTasks(app, {
    campaignId: campaign.id,
    t0,
    markMissed: true,
    plan: { versionId: current.versionId, waves: current.plan.waves },
    ...(input.waves ? { waves: input.waves } : {}),
  });
  const checked =
    result.checked +
    tasks.checked +
    tasks.alreadyVerified.length +
    tasks.notVerified.filter((m) => m.taskId === null).length;
  const changed = result.changed + tasks.verified.length + tasks.alreadyVerified.length;
  // the tasks not verified are a few thousand at most (privileged and service accounts)
  for (let i = 0; i < tasks.notVerified.length; i += 500)
    await record({ missed: tasks.notVerified.slice(i, i + 500).map(taskMiss), reset: [] });
  const missed = result.missed + tasks.notVerified.length;
  const summary = taskSummary(tasks);
  const counts = { checked, changed, reset: result.reset, missed };
  const resetDigest = await resetKeysDigest(store, runId);
  const now = app.clock.now();
  await inWriteTransaction(store, 'recording the verification', async (trx) => {
    await finishVerifyRunIn(trx, { runId, counts, now });
    await appendAuditIn(trx, store.dialect, {
      actor: app.operator,
      action: 'verify',
      target: `campaign:${campaign.id}`,
      source: 'cli',
      now,
      // who the report lists as reset (contained, awaiting their owner) rather than missed is the
      // run's findings (runId); the digest commits the audit chain to that list without holding it
      details: {
        checked,
        changed,
        reset: result.reset,
        missed,
        tasks: { verified: summary.verified, missed: summary.missed },
        runId,
        resetDigest,
      },
    });
  });
  // this run is now the one the report reads: the findings of the runs before it go
  await pruneSupersededFindings(store, { campaignId: campaign.id, keepRunId: runId });
  return {
    campaignId: campaign.id,
    runId,
    ...result,
    checked,
    changed,
    missed,
    tasks: summary,
    ...(perDc ? { perDc } : {}),
  };
}

/** The counts; who was missed or reset is read from the store by `runId` (verify-findings.ts). */
export interface VerifyPlanResult extends VerifyResult {
  campaignId: string;
  /** the verify run whose findings list the people missed and reset */
  runId: number;
  perDc?: PerDcResult;
  tasks: TaskSummary;
}

export interface TaskSummary {
  /** tasks verified, by this run or before */
  verified: number;
  /** tasks not verified (missed, failed, or not opened yet) */
  missed: number;
}

function taskSummary(tasks: TaskVerification): TaskSummary {
  return { verified: tasks.verified.length + tasks.alreadyVerified.length, missed: tasks.notVerified.length };
}

function taskMiss(m: TaskVerification['notVerified'][number]): VerifyMiss {
  const task =
    m.taskId === null
      ? `${m.kind} task not opened`
      : `task ${m.taskId} (${m.kind}, ${m.state === 'failed' ? 'reported failed' : m.assignee ? `assigned to ${m.assignee}` : 'not assigned'})`;
  return {
    wave: m.wave,
    treatment: m.kind === 'privileged-reset' ? 'privilegedManualReset' : 'serviceRotation',
    identity: m.identity,
    directory: m.directory,
    key: m.key,
    reason: `${task}: ${m.reason}`,
    enabled: m.enabled,
  };
}

/** applied -> verified for the start actions of a page of people verified, with a journal entry each. */
async function markVerified(
  app: App,
  campaign: { campaignId: string; t0: string },
  people: readonly VerifyTarget[],
): Promise<void> {
  if (people.length === 0) return;
  const store = await app.store();
  const applied = await appliedActions(
    store,
    campaign.campaignId,
    people.flatMap((t) => t.sides),
  );
  const now = app.clock.now();
  for (let i = 0; i < applied.length; i += 500) {
    const ids = applied.slice(i, i + 500).map((r) => r.id);
    await markActionsVerified(store, { campaignId: campaign.campaignId, ids, now, details: { t0: campaign.t0 } });
  }
}
