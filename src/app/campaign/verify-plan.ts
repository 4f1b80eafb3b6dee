// `reclaim verify`: every in-scope identity re-read from its directory; the people whose every
// side changed have their start actions marked verified; the rest are listed (exit 3 in the CLI).
// Identities treated by a person are judged by their manual task (src/app/tasks): verified when the
// directory shows a change after the task was assigned, otherwise missed and listed.
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { manualTaskKindOf } from '../../core/tasks/manual-task.ts';
import { verifyCampaign, type VerifyResult } from '../../engine/verify-campaign.ts';
import { appliedActions, markActionsVerified } from '../../store/actions/mark-verified.ts';
import { replacedPasswords } from '../../store/actions/replaced-passwords.ts';
import { appendAudit } from '../../store/audit/append-audit.ts';
import type { App } from '../create-app.ts';
import { verifyManualTasks, type TaskVerification } from '../tasks/verify-manual-tasks.ts';
import { currentPlan } from './current-plan.ts';
import { explainCloudLag } from './hybrid-verify-reason.ts';
import { resolveCampaign } from './resolve-campaign.ts';
import { verifyTargets } from './verify-targets.ts';
import { hasSeveralDcs, verifyPerDc, type PerDcResult } from './verify-per-dc.ts';

export async function verifyPlan(
  app: App,
  input: {
    campaignId?: string;
    waves?: number[];
    onProgress?: (done: number, total: number) => void;
    perDc?: { waitMs?: number };
  },
): Promise<VerifyResult & { campaignId: string; perDc?: PerDcResult; tasks: TaskSummary }> {
  const store = await app.store();
  const campaign = await resolveCampaign(store, input.campaignId);
  if (!campaign.t0)
    throw new ReclaimError('TOO_EARLY', `Campaign ${campaign.id} has not started (no T0): nothing to verify yet`);
  const current = await currentPlan(store, campaign.id);
  const targets = verifyTargets(current.plan, input.waves).filter((t) => manualTaskKindOf(t.treatment) === null);
  const verified = await verifyCampaign({
    targets,
    t0: campaign.t0,
    directories: app.directories(),
    replacedByReclaim: await replacedPasswords(store, campaign.id),
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
  });
  const result = { ...verified, missed: explainCloudLag(targets, verified.missed) };
  // SAFETY: with several DCs, a write is verified only once every DC shows it (replication
  // metadata), not from the DC that made it alone; --per-dc only adds the report to the output.
  const perDc = input.perDc || hasSeveralDcs(app) ? await verifyPerDc(app, campaign.id, input.perDc ?? {}) : undefined;
  const lacking = new Set(
    perDc?.directories.flatMap((d) => d.notEverywhere.map((n) => `${d.directory}\n${n.key}`)) ?? [],
  );
  await markVerified(app, campaign.id, {
    ...result,
    verified: result.verified.filter((t) => t.sides.every((side) => !lacking.has(`${side.directory}\n${side.key}`))),
  });
  const tasks = await verifyManualTasks(app, {
    campaignId: campaign.id,
    t0: campaign.t0,
    markMissed: true,
    plan: current.plan,
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

/** applied -> verified for the start actions of every person verified, with a journal entry each. */
async function markVerified(app: App, campaignId: string, result: VerifyResult): Promise<void> {
  const store = await app.store();
  const keys = result.verified.flatMap((t) => t.sides.map((s) => `${s.directory}\n${s.key}`));
  const wanted = new Set(keys);
  const applied = await appliedActions(store, campaignId);
  const rows = applied.filter((r) => wanted.has(`${r.directory}\n${r.identityKey}`));
  const now = app.clock.now();
  for (let i = 0; i < rows.length; i += 500) {
    const slice = rows.slice(i, i + 500);
    await markActionsVerified(store, { campaignId, ids: slice.map((r) => r.id), now, details: { t0: result.t0 } });
  }
}
