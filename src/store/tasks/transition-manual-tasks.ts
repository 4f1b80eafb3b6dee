// Moves manual tasks between states (the rules: src/core/tasks/manual-task.ts). Every change is
// written with its own audit entry (`task.assign`, `task.done`, `task.fail`, `task.verify`,
// `task.miss`, target `task:ID`) in the same transaction; a batch of changes is one transaction,
// so a refused change (wrong state, not the assignee, unknown task) leaves the whole batch unwritten.
import { checkManualTaskEvent, manualTaskEventTo, type ManualTaskEvent } from '../../core/tasks/manual-task.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { appendAuditIn } from '../audit/append-audit.ts';
import type { ManualTasksTable } from '../database.ts';
import type { Store } from '../open-store.ts';
import { inWriteTransaction } from '../write-transaction.ts';
import { manualTaskRow, type ManualTaskRow } from './manual-task-row.ts';

export interface ManualTaskChange {
  taskId: number;
  event: ManualTaskEvent;
  /** assign: who the task goes to */
  assignee?: string;
  /** done, fail: the assignee's note */
  note?: string;
  /** verify: when the directory says the password was set */
  changedAt?: string;
  /** miss: what the directory showed */
  reason?: string;
}

export interface TransitionContext {
  /** who acts: for done and fail, it must be the task's assignee */
  actor: string;
  /** when given, a task of another campaign is NOT_FOUND */
  campaignId?: string;
  source: 'cli' | 'console' | 'engine';
  ip?: string | null;
  now: Date;
}

type Columns = Partial<Omit<ManualTasksTable, 'id'>>;

function columnsFor(change: ManualTaskChange, actor: string, at: string): Columns {
  switch (change.event) {
    case 'assign':
      // a new assignment starts a new claim: the previous assignee's done or failed no longer stands
      return {
        assignee: change.assignee ?? null,
        assignedAt: at,
        assignedBy: actor,
        doneAt: null,
        doneBy: null,
        note: null,
      };
    case 'done':
    case 'fail':
      return { doneAt: at, doneBy: actor, note: change.note ?? null };
    case 'verify':
      return { verifiedAt: at, changedAt: change.changedAt ?? null, checkedAt: at, checkReason: null };
    case 'miss':
      return { checkedAt: at, checkReason: change.reason ?? null };
  }
}

export async function transitionManualTasks(
  store: Store,
  changes: readonly ManualTaskChange[],
  ctx: TransitionContext,
): Promise<ManualTaskRow[]> {
  if (changes.length === 0) return [];
  const at = ctx.now.toISOString();
  return inWriteTransaction(store, `changing ${changes.length} manual task(s)`, async (trx) => {
    const done: ManualTaskRow[] = [];
    for (const change of changes) {
      if (change.event === 'assign' && !change.assignee)
        throw new ReclaimError('USAGE_INVALID', `Task ${change.taskId}: an assignment names who the task goes to`);
      let read = trx.selectFrom('manualTasks').selectAll().where('id', '=', change.taskId);
      if (ctx.campaignId) read = read.where('campaignId', '=', ctx.campaignId);
      // PostgreSQL: hold the row until commit (SQLite's BEGIN IMMEDIATE already serialises writers)
      const row = await (store.dialect === 'postgres' ? read.forUpdate() : read).executeTakeFirst();
      if (!row)
        throw new ReclaimError(
          'NOT_FOUND',
          `No manual task ${change.taskId}${ctx.campaignId ? ` in campaign ${ctx.campaignId}` : ''}: see \`reclaim tasks list\``,
        );
      const task = manualTaskRow(row);
      checkManualTaskEvent(task, change.event, change.event === 'done' || change.event === 'fail' ? ctx.actor : null);
      const to = manualTaskEventTo[change.event];
      const updated = await trx
        .updateTable('manualTasks')
        .set({ ...columnsFor(change, ctx.actor, at), state: to, updatedAt: at })
        .where('id', '=', task.id)
        .where('state', '=', task.state)
        .returningAll()
        .executeTakeFirst();
      if (!updated)
        throw new ReclaimError(
          'STORE_CONFLICT',
          `Task ${task.id} changed while it was being ${change.event === 'assign' ? 'assigned' : 'updated'}: try again`,
        );
      await appendAuditIn(trx, store.dialect, {
        actor: ctx.actor,
        action: `task.${change.event}`,
        target: `task:${task.id}`,
        source: ctx.source,
        ip: ctx.ip ?? null,
        now: ctx.now,
        details: {
          campaignId: task.campaignId,
          kind: task.kind,
          directory: task.directory,
          identity: task.identityName,
          from: task.state,
          to,
          ...(change.assignee ? { assignee: change.assignee, previousAssignee: task.assignee } : {}),
          ...(change.note ? { note: change.note } : {}),
          ...(change.changedAt ? { changedAt: change.changedAt } : {}),
          ...(change.reason ? { reason: change.reason } : {}),
        },
      });
      done.push(manualTaskRow(updated));
    }
    return done;
  });
}

/** What a verification found for tasks it did not move (no state change, so no audit entry). */
export async function recordManualTaskChecks(
  store: Store,
  checks: ReadonlyArray<{ taskId: number; reason: string }>,
  now: Date,
): Promise<void> {
  if (checks.length === 0) return;
  const at = now.toISOString();
  await inWriteTransaction(store, 'recording manual task checks', async (trx) => {
    for (const check of checks)
      await trx
        .updateTable('manualTasks')
        .set({ checkedAt: at, checkReason: check.reason })
        .where('id', '=', check.taskId)
        .execute();
  });
}
