// `reclaim verify`: every in-scope identity re-read from its directory; the people whose every
// side changed have their start actions marked verified; the rest are listed (exit 3 in the CLI).
// Identities treated by a person are judged by their manual task (src/app/tasks): verified when the
// directory shows a change after the task was assigned, otherwise missed and listed.
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { verifyCampaign, type VerifyResult, type VerifyTarget } from '../../engine/verify-campaign.ts';
import { appliedActions, markActionsVerified } from '../../store/actions/mark-verified.ts';
import { appendAudit } from '../../store/audit/append-audit.ts';
import type { App } from '../create-app.ts';
import { verifyManualTasks, type TaskVerification } from '../tasks/verify-manual-tasks.ts';
import { currentPlanHeader } from './current-plan.ts';
import { explainCloudLag } from './hybrid-verify-reason.ts';
import { resolveCampaign } from './resolve-campaign.ts';
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
): Promise<VerifyResult & { campaignId: string; perDc?: PerDcResult; tasks: TaskSummary }> {
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
  const missed = [...result.missed, ...tasks.notVerified.map(taskMiss)].sort(
    (a, b) => a.wave - b.wave || a.directory.localeCompare(b.directory) || a.identity.localeCompare(b.identity),
  );
  const summary = taskSummary(tasks);
  await appendAudit(store, {
    actor: app.operator,
    action: 'verify',
    target: `campaign:${campaign.id}`,
    source: 'cli',
    now: app.clock.now(),
    // resetKeys: who the report lists as reset (contained, awaiting their owner) rather than missed
    details: {
      checked,
      changed,
      reset: result.reset.length,
      missed: missed.length,
      tasks: { verified: summary.verified, missed: summary.missed },
      resetKeys: result.reset.map((r) => `${r.directory}\n${r.key}`),
    },
  });
  return { campaignId: campaign.id, ...result, checked, changed, missed, tasks: summary, ...(perDc ? { perDc } : {}) };
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

function taskMiss(m: TaskVerification['notVerified'][number]): VerifyResult['missed'][number] {
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
