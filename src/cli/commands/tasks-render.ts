// How manual tasks read in the terminal: the counts line of `status` and one line per task.
import { manualTaskKinds, manualTaskStates } from '../../core/tasks/manual-task.ts';
import type { ManualTaskCounts } from '../../store/tasks/list-manual-tasks.ts';
import type { ManualTaskRow } from '../../store/tasks/manual-task-row.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';

export function renderTaskCounts(c: ManualTaskCounts): string {
  if (c.total === 0) return '  manual tasks: none';
  const kinds = manualTaskKinds
    .map((kind) => {
      const states = manualTaskStates.filter((s) => c.byKind[kind][s] > 0).map((s) => `${c.byKind[kind][s]} ${s}`);
      return states.length > 0 ? `${kind}: ${states.join(', ')}` : null;
    })
    .filter((k) => k !== null);
  return `  manual tasks: ${c.total} (${kinds.join('; ')}): \`reclaim tasks list\``;
}

export function renderTask(t: ManualTaskRow): string {
  const service =
    t.kind === 'service-account-rotation'
      ? ` [owner ${t.owner ?? 'unknown'}${t.application ? `, application ${t.application}` : ''}]`
      : '';
  const head = `  #${t.id} ${t.state.toUpperCase()} ${t.kind} wave ${t.waveNumber} ${t.directory}:${t.identityName}${service}`;
  const changed = t.kind === 'service-account-rotation' ? 'rotated' : 'password set';
  const detail = {
    open: `not assigned; due ${t.dueAt ?? '-'}`,
    assigned: `assigned to ${t.assignee} by ${t.assignedBy} at ${t.assignedAt}; due ${t.dueAt ?? '-'}`,
    done: `${t.doneBy} reported it done at ${t.doneAt}${t.note ? `: ${t.note}` : ''} (not verified yet: \`reclaim tasks verify ${t.id}\`)`,
    verified: `verified at ${t.verifiedAt} (${changed} ${t.changedAt}), assigned to ${t.assignee}`,
    failed: `${t.doneBy} reported it failed at ${t.doneAt}: ${t.note ?? ''}`,
    missed: `missed at ${t.checkedAt}${t.assignee ? ` (assigned to ${t.assignee})` : ''}: ${t.checkReason ?? ''}`,
  }[t.state];
  return `${head}\n      ${detail}`;
}

export function parseTaskId(text: string): number {
  const id = /^#?(\d{1,15})$/.exec(text.trim())?.[1];
  if (!id || Number(id) < 1)
    throw new ReclaimError('USAGE_INVALID', `"${text}" is not a task number (such as 12): see \`reclaim tasks list\``);
  return Number(id);
}
