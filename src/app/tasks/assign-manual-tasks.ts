// Assigns manual tasks to a named admin (`reclaim tasks assign`, the console): the tasks named by
// id, or every open task of the campaign (optionally of some kinds and waves). A store write only
// (the task list and the audit log), never a directory write: no --yes needed.
// SAFETY: the person assigning is a proven operator account, and the assignee is one too (an
// enabled console account allowed to report tasks done), so the claim of done that follows can be
// proven to come from them and not from someone typing their name.
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { checkPersonName, type ManualTaskKind } from '../../core/tasks/manual-task.ts';
import { allows } from '../auth/permissions.ts';
import { findOperatorByUsername } from '../../store/operators/create-operator.ts';
import { listManualTasks } from '../../store/tasks/list-manual-tasks.ts';
import type { ManualTaskRow } from '../../store/tasks/manual-task-row.ts';
import { transitionManualTasks } from '../../store/tasks/transition-manual-tasks.ts';
import { resolveCampaign } from '../campaign/resolve-campaign.ts';
import type { App } from '../create-app.ts';
import { requireActor } from '../operators/operator-identity.ts';

export interface AssignTasksInput {
  campaignId?: string;
  taskIds?: number[];
  /** every open task instead of ids, narrowed by kinds and waves */
  allOpen?: { kinds?: ManualTaskKind[]; waves?: number[] };
  to: string;
  source: 'cli' | 'console';
  ip?: string | null;
}

export async function assignManualTasks(
  app: App,
  input: AssignTasksInput,
): Promise<{ campaignId: string; assigned: ManualTaskRow[] }> {
  const to = checkPersonName(input.to, 'the assignee (--to)');
  if (!input.taskIds?.length === !input.allOpen)
    throw new ReclaimError(
      'USAGE_INVALID',
      'name the tasks to assign, or ask for every open task (--all-open), not both',
    );
  const by = requireActor(app, 'tasks.assign', 'assigning manual tasks');
  const store = await app.store();
  const assignee = await findOperatorByUsername(store, to);
  if (!assignee || assignee.disabledAt)
    throw new ReclaimError(
      'NOT_FOUND',
      `No enabled console account "${to}": a task goes to a person who can prove who they are (\`reclaim operator add ${to} --role operator\`)`,
    );
  if (!allows(assignee.role, 'tasks.done'))
    throw new ReclaimError(
      'USAGE_INVALID',
      `${to} (${assignee.role}) may not report tasks done: assign the task to an operator, commander or admin account`,
    );
  const campaign = await resolveCampaign(store, input.campaignId);
  const ids = input.taskIds?.length
    ? input.taskIds
    : (
        await listManualTasks(store, {
          campaignId: campaign.id,
          states: ['open'],
          ...(input.allOpen?.kinds ? { kinds: input.allOpen.kinds } : {}),
          ...(input.allOpen?.waves ? { waves: input.allOpen.waves } : {}),
        })
      ).map((t) => t.id);
  const assigned: ManualTaskRow[] = [];
  const context = {
    actor: by.username,
    campaignId: campaign.id,
    source: input.source,
    ip: input.ip ?? null,
    now: app.clock.now(),
  } as const;
  // SAFETY: named tasks are one transaction (a refused one leaves all unassigned, nothing half-done);
  // --all-open goes in slices so a large domain's thousands of tasks never hold the store's lock long.
  const slice = input.taskIds?.length ? ids.length : 200;
  for (let i = 0; i < ids.length; i += slice) {
    assigned.push(
      ...(await transitionManualTasks(
        store,
        ids.slice(i, i + slice).map((taskId) => ({ taskId, event: 'assign' as const, assignee: to })),
        context,
      )),
    );
  }
  return { campaignId: campaign.id, assigned };
}
