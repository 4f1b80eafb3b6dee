// The assignee's claim on a manual task (`reclaim tasks done`, `reclaim tasks fail`, the console):
// done is a claim, not a proof; only `tasks verify` / `reclaim verify` reading the directory makes
// it verified. A store write only (the task and the audit log): no --yes needed.
// SAFETY: the claim is a proven operator's (console session, console token or password + one-time
// code), and only the task's assignee may make it (src/core/tasks/manual-task.ts).
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { ManualTaskRow } from '../../store/tasks/manual-task-row.ts';
import { transitionManualTasks } from '../../store/tasks/transition-manual-tasks.ts';
import { resolveCampaign } from '../campaign/resolve-campaign.ts';
import type { App } from '../create-app.ts';
import { requireActor } from '../operators/operator-identity.ts';

export interface ClaimTaskInput {
  campaignId?: string;
  taskId: number;
  outcome: 'done' | 'failed';
  note?: string;
  source: 'cli' | 'console';
  ip?: string | null;
}

export async function claimManualTask(
  app: App,
  input: ClaimTaskInput,
): Promise<{ campaignId: string; task: ManualTaskRow }> {
  const note = input.note?.trim();
  if (note !== undefined && note.length > 2000)
    throw new ReclaimError('USAGE_INVALID', `the note is ${note.length} characters long (at most 2000)`);
  if (input.outcome === 'failed' && !note)
    throw new ReclaimError('USAGE_INVALID', 'say why the task could not be done (--note)');
  const actor = requireActor(app, 'tasks.done', `reporting a manual task ${input.outcome}`);
  const store = await app.store();
  const campaign = await resolveCampaign(store, input.campaignId);
  const [task] = await transitionManualTasks(
    store,
    [{ taskId: input.taskId, event: input.outcome === 'done' ? 'done' : 'fail', ...(note ? { note } : {}) }],
    {
      actor: actor.username,
      campaignId: campaign.id,
      source: input.source,
      ip: input.ip ?? null,
      now: app.clock.now(),
    },
  );
  return { campaignId: campaign.id, task: task! };
}
