// Manual tasks in the console: the list (with counts per kind and state), assigning tasks to a
// named person, and the assignee's claim of done. Verification stays with `reclaim tasks verify`
// and `reclaim verify`, which read the directory. Every change is audited with the signed-in
// operator, the console as source and the caller's address, in the transaction that makes it.
import { z } from 'zod';
import { assignManualTasks } from '../../app/tasks/assign-manual-tasks.ts';
import { campaignTasks } from '../../app/tasks/campaign-tasks.ts';
import { claimManualTask } from '../../app/tasks/claim-manual-task.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import {
  manualTaskKinds,
  manualTaskStates,
  type ManualTaskKind,
  type ManualTaskState,
} from '../../core/tasks/manual-task.ts';
import type { ConsoleRoute } from '../console-route.ts';
import { parseBody } from '../parse-body.ts';

const taskId = z.number().int().positive();
const assignBody = z
  .object({ taskIds: z.array(taskId).min(1, 'name at least one task').max(500), to: z.string().min(1).max(100) })
  .strict();
const doneBody = z.object({ taskId, note: z.string().max(2000).optional() }).strict();

function listQuery<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T[] | undefined {
  if (!value) return undefined;
  const items = value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
  const bad = items.filter((v) => !allowed.includes(v as T));
  if (bad.length > 0)
    throw new ReclaimError('INPUT_INVALID', `${name}: unknown ${bad.join(', ')} (one of ${allowed.join(', ')})`);
  return items as T[];
}

export const taskRoutes: ConsoleRoute[] = [
  {
    method: 'GET',
    url: '/api/campaigns/:id/tasks',
    permission: 'tasks.read',
    summary:
      'Manual tasks (privileged resets, service account rotations) with counts per kind and state (?state=open,done&kind=privileged-reset)',
    async handler(ctx) {
      const states = listQuery<ManualTaskState>('state', ctx.query.state, manualTaskStates);
      const kinds = listQuery<ManualTaskKind>('kind', ctx.query.kind, manualTaskKinds);
      return campaignTasks(ctx.app, {
        campaignId: ctx.params.id!,
        ...(states ? { states } : {}),
        ...(kinds ? { kinds } : {}),
        limit: 2000,
      });
    },
  },
  {
    method: 'POST',
    url: '/api/campaigns/:id/tasks/assign',
    permission: 'tasks.assign',
    body: assignBody,
    summary: 'Assign manual tasks to the named person who will do them',
    async handler(ctx) {
      const body = parseBody(assignBody, ctx.body);
      const result = await assignManualTasks(ctx.app, {
        campaignId: ctx.params.id!,
        taskIds: body.taskIds,
        to: body.to,
        source: 'console',
        ip: ctx.actor.ip,
      });
      ctx.statusCache.invalidate(result.campaignId);
      return result;
    },
  },
  {
    method: 'POST',
    url: '/api/campaigns/:id/tasks/done',
    permission: 'tasks.done',
    body: doneBody,
    summary: 'Report a task assigned to you as done (a claim: verified later from the directory)',
    async handler(ctx) {
      const body = parseBody(doneBody, ctx.body);
      const result = await claimManualTask(ctx.app, {
        campaignId: ctx.params.id!,
        taskId: body.taskId,
        outcome: 'done',
        ...(body.note ? { note: body.note } : {}),
        source: 'console',
        ip: ctx.actor.ip,
      });
      ctx.statusCache.invalidate(result.campaignId);
      return result;
    },
  },
];
