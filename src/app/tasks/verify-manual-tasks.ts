// Verification of manual tasks from the directory: `done` is the admin's claim, `verified` is what
// the directory shows (check-task-credential.ts). `reclaim tasks verify` marks the tasks it can
// verify and lists the rest; the campaign's `reclaim verify` (markMissed) also marks every task it
// cannot verify as missed, and lists the planned tasks of waves not started yet (no task exists).
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { PlanHeader } from '../../core/planning/plan.ts';
import { manualTaskKindOf, type ManualTaskState } from '../../core/tasks/manual-task.ts';
import type { Store } from '../../store/open-store.ts';
import type { ManualTaskRow } from '../../store/tasks/manual-task-row.ts';
import { waveAssignmentPages } from '../../store/plans/read-plan-assignments.ts';
import { listManualTasks } from '../../store/tasks/list-manual-tasks.ts';
import {
  recordManualTaskChecks,
  transitionManualTasks,
  type ManualTaskChange,
} from '../../store/tasks/transition-manual-tasks.ts';
import { resolveCampaign } from '../campaign/resolve-campaign.ts';
import type { App } from '../create-app.ts';
import { checkTaskCredential } from './check-task-credential.ts';

export interface TaskMiss {
  taskId: number | null;
  kind: string;
  state: ManualTaskState | 'not-opened';
  wave: number;
  directory: string;
  key: string;
  identity: string;
  assignee: string | null;
  reason: string;
  enabled: boolean | null;
}

export interface TaskVerification {
  checked: number;
  /** verified by this check */
  verified: ManualTaskRow[];
  notVerified: TaskMiss[];
  /** verified before (never read again: nothing leaves verified) */
  alreadyVerified: ManualTaskRow[];
}

export interface VerifyTasksInput {
  campaignId: string;
  t0: string | null;
  /** one task (tasks verify TASK) */
  taskIds?: number[];
  waves?: number[];
  /** the campaign's verify: what is not verified becomes missed */
  markMissed: boolean;
  /** with markMissed: the plan version and its waves, to list the tasks of waves that have not started */
  plan?: { versionId: string; waves: PlanHeader['waves'] };
  source?: 'cli' | 'console';
  ip?: string | null;
}

export async function verifyManualTasks(app: App, input: VerifyTasksInput): Promise<TaskVerification> {
  const store = await app.store();
  const byId = input.taskIds?.length ? input.taskIds : null;
  const tasks = await listManualTasks(store, {
    campaignId: input.campaignId,
    ...(byId ? { ids: byId } : {}),
    ...(input.waves?.length ? { waves: input.waves } : {}),
  });
  const unknown = byId?.filter((id) => !tasks.some((t) => t.id === id)) ?? [];
  if (unknown.length > 0)
    throw new ReclaimError(
      'NOT_FOUND',
      `No manual task ${unknown.join(', ')} in campaign ${input.campaignId}: see \`reclaim tasks list\``,
    );
  const result: TaskVerification = {
    checked: 0,
    verified: [],
    notVerified: [],
    alreadyVerified: tasks.filter((t) => t.state === 'verified'),
  };
  const changes: ManualTaskChange[] = [];
  const checks: Array<{ taskId: number; reason: string }> = [];
  const queue = tasks.filter((t) => t.state !== 'verified');
  const worker = async () => {
    for (let task = queue.shift(); task; task = queue.shift()) {
      result.checked++;
      const found = await checkTaskCredential(task, input.t0, app.directories());
      if (found.changed) {
        changes.push({ taskId: task.id, event: 'verify', changedAt: found.changedAt });
        continue;
      }
      result.notVerified.push(missOf(task, found.reason, found.enabled));
      if (input.markMissed && (task.state === 'open' || task.state === 'assigned' || task.state === 'done'))
        changes.push({ taskId: task.id, event: 'miss', reason: found.reason });
      else checks.push({ taskId: task.id, reason: found.reason });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const context = {
    actor: app.operator,
    campaignId: input.campaignId,
    source: input.source ?? 'cli',
    ip: input.ip ?? null,
    now: app.clock.now(),
  } as const;
  changes.sort((a, b) => a.taskId - b.taskId);
  for (let i = 0; i < changes.length; i += 200) {
    const moved = await transitionManualTasks(store, changes.slice(i, i + 200), context);
    result.verified.push(...moved.filter((t) => t.state === 'verified'));
  }
  await recordManualTaskChecks(store, checks, context.now);
  if (input.markMissed && input.plan && !input.taskIds?.length)
    result.notVerified.push(...(await notOpened(store, input.campaignId, input.plan, input.waves)));
  result.notVerified.sort(
    (a, b) => a.wave - b.wave || (a.taskId ?? 0) - (b.taskId ?? 0) || a.identity.localeCompare(b.identity),
  );
  return result;
}

function missOf(task: ManualTaskRow, reason: string, enabled: boolean | null): TaskMiss {
  return {
    taskId: task.id,
    kind: task.kind,
    state: task.state,
    wave: task.waveNumber,
    directory: task.directory,
    key: task.identityKey,
    identity: task.identityName,
    assignee: task.assignee,
    reason,
    enabled,
  };
}

/**
 * The planned manual tasks of the chosen waves that were never opened: their wave has not run. The
 * plan is read page by page, and the tasks of each page's manual people asked of the store, so
 * nothing grows with the people the engine treats.
 */
async function notOpened(
  store: Store,
  campaignId: string,
  plan: NonNullable<VerifyTasksInput['plan']>,
  waves?: number[],
): Promise<TaskMiss[]> {
  const chosen = waves?.length ? new Set(waves) : undefined;
  const misses: TaskMiss[] = [];
  for await (const rows of waveAssignmentPages(store, plan.versionId, plan.waves, chosen)) {
    const manual = rows.flatMap(({ wave, assignment: a }) => {
      const kind = manualTaskKindOf(a.treatment);
      return kind ? [{ wave, a, kind }] : [];
    });
    if (manual.length === 0) continue;
    const opened = new Set(
      (await listManualTasks(store, { campaignId, identityKeys: manual.map(({ a }) => a.key) })).map(
        (t) => `${t.directory}\n${t.identityKey}\n${t.kind}`,
      ),
    );
    for (const { wave, a, kind } of manual) {
      if (opened.has(`${a.directory}\n${a.key}\n${kind}`)) continue;
      misses.push({
        taskId: null,
        kind,
        state: 'not-opened',
        wave,
        directory: a.directory,
        key: a.key,
        identity: a.name,
        assignee: null,
        reason: `wave ${wave} has not run: no task was opened yet (\`reclaim run --wave ${wave}\`)`,
        enabled: null,
      });
    }
  }
  return misses;
}

/** `reclaim tasks verify [TASK]`: the campaign's tasks (or the ones named) checked against the directory. */
export async function verifyCampaignTasks(
  app: App,
  input: { campaignId?: string; taskIds?: number[]; source?: 'cli' | 'console'; ip?: string | null },
): Promise<TaskVerification & { campaignId: string; t0: string | null }> {
  const campaign = await resolveCampaign(await app.store(), input.campaignId);
  if (!campaign.t0)
    throw new ReclaimError('TOO_EARLY', `Campaign ${campaign.id} has not started (no T0): no task exists yet`);
  const result = await verifyManualTasks(app, {
    campaignId: campaign.id,
    t0: campaign.t0,
    markMissed: false,
    ...(input.taskIds ? { taskIds: input.taskIds } : {}),
    ...(input.source ? { source: input.source } : {}),
    ...(input.ip ? { ip: input.ip } : {}),
  });
  return { campaignId: campaign.id, t0: campaign.t0, ...result };
}
