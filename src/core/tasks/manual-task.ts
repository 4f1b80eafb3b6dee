// Manual tasks: the identities no engine touches because a person must (a named admin resets a
// privileged account by hand; an application owner rotates a service account's password). Each is
// tracked: open -> assigned -> done (the admin's claim) -> verified (the directory shows it), or
// failed (the admin could not) / missed (not verified when the campaign was verified).
import { ReclaimError } from '../errors/reclaim-error.ts';
import type { TreatmentId } from '../segmentation/treatments.ts';

export const manualTaskKinds = ['privileged-reset', 'service-account-rotation'] as const;
export type ManualTaskKind = (typeof manualTaskKinds)[number];

export const manualTaskStates = ['open', 'assigned', 'done', 'verified', 'failed', 'missed'] as const;
export type ManualTaskState = (typeof manualTaskStates)[number];

/** The task kind a treatment becomes, or null when the engine carries it out. */
export function manualTaskKindOf(treatment: TreatmentId | string): ManualTaskKind | null {
  if (treatment === 'privilegedManualReset') return 'privileged-reset';
  if (treatment === 'serviceRotation') return 'service-account-rotation';
  return null;
}

export type ManualTaskEvent = 'assign' | 'done' | 'fail' | 'verify' | 'miss';

/**
 * The states each event may leave. SAFETY: nothing leaves `verified` (the directory showed the
 * change; a later claim cannot undo it), and `done` and `fail` need an assignee: the claim is the
 * named admin's, not anyone's.
 */
export const manualTaskEventFrom: Record<ManualTaskEvent, readonly ManualTaskState[]> = {
  assign: ['open', 'assigned', 'done', 'missed', 'failed'],
  done: ['assigned', 'missed'],
  fail: ['assigned', 'done', 'missed'],
  verify: ['assigned', 'done', 'missed', 'failed'],
  miss: ['open', 'assigned', 'done'],
};

export const manualTaskEventTo: Record<ManualTaskEvent, ManualTaskState> = {
  assign: 'assigned',
  done: 'done',
  fail: 'failed',
  verify: 'verified',
  miss: 'missed',
};

export interface ManualTaskFacts {
  id: number;
  state: ManualTaskState;
  assignee: string | null;
}

/**
 * Throws TASK_TRANSITION_REFUSED, saying why, unless `actor` may apply `event` to the task now.
 * `done` and `fail` are claims by the assignee only; the directory decides `verify` and `miss`.
 */
export function checkManualTaskEvent(task: ManualTaskFacts, event: ManualTaskEvent, actor: string | null): void {
  if (!manualTaskEventFrom[event].includes(task.state)) {
    const allowed = manualTaskEventFrom[event].join(', ');
    throw new ReclaimError(
      'TASK_TRANSITION_REFUSED',
      `Task ${task.id} is ${task.state}: it cannot be ${pastTense[event]} (only a task that is ${allowed})`,
    );
  }
  if (event === 'verify' && task.assignee === null) {
    throw new ReclaimError(
      'TASK_TRANSITION_REFUSED',
      `Task ${task.id} was never assigned: a change is credited to a named admin, so assign it first`,
    );
  }
  if ((event === 'done' || event === 'fail') && actor !== null && task.assignee !== actor) {
    throw new ReclaimError(
      'TASK_TRANSITION_REFUSED',
      `Task ${task.id} is assigned to ${task.assignee ?? 'nobody'}: only they can report it ${event === 'done' ? 'done' : 'failed'} (${actor} cannot)`,
    );
  }
}

const pastTense: Record<ManualTaskEvent, string> = {
  assign: 'assigned',
  done: 'reported done',
  fail: 'reported failed',
  verify: 'verified',
  miss: 'marked missed',
};

/**
 * A person's name as a task records it (assignee, actor): what an operator typed, checked so a
 * record never holds an empty, overlong or multi-line name (it is printed in lists and the audit).
 */
export function checkPersonName(name: string, where: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new ReclaimError('USAGE_INVALID', `${where}: the name is empty`);
  if (trimmed.length > 100)
    throw new ReclaimError('USAGE_INVALID', `${where}: the name is ${trimmed.length} characters long (at most 100)`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(trimmed))
    throw new ReclaimError('USAGE_INVALID', `${where}: the name holds a control character (a newline or tab)`);
  return trimmed;
}
