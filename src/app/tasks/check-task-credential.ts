// What the directory shows for one manual task: changed (every side of the identity has a password
// set after the reference instant, which is the later of the campaign's T0 and the task's current
// assignment) or not, with the reason in words. SAFETY: a reset is credited to the admin it was
// assigned to: a change made before the assignment (by anyone, the attacker included) does not
// verify the task, and reassigning a task asks the new assignee for a new reset.
import type { CredentialState } from '../../core/action.ts';
import { isReclaimError } from '../../core/errors/reclaim-error.ts';
import type { IdentityRef } from '../../core/identity.ts';
import type { Directory } from '../../directories/directory-port.ts';
import { passwordChangedSince } from '../../engine/password-changed.ts';
import type { ManualTaskRow } from '../../store/tasks/manual-task-row.ts';

export type TaskCredentialCheck =
  | { changed: true; changedAt: string; enabled: boolean }
  | { changed: false; reason: string; enabled: boolean | null };

export function taskSides(task: ManualTaskRow): IdentityRef[] {
  const self: IdentityRef = {
    directory: task.directory,
    key: task.identityKey,
    name: task.identityName,
    ...(task.identityDn ? { dn: task.identityDn } : {}),
  };
  return task.linkedDirectory && task.linkedKey
    ? [self, { directory: task.linkedDirectory, key: task.linkedKey, name: task.linkedName ?? task.identityName }]
    : [self];
}

export function taskReference(task: ManualTaskRow, t0: string | null): string | null {
  if (!task.assignedAt) return null;
  return t0 && Date.parse(t0) > Date.parse(task.assignedAt) ? t0 : task.assignedAt;
}

export async function checkTaskCredential(
  task: ManualTaskRow,
  t0: string | null,
  directories: ReadonlyMap<string, Directory>,
): Promise<TaskCredentialCheck> {
  const since = taskReference(task, t0);
  if (!since) return { changed: false, reason: 'not assigned to a named admin yet', enabled: null };
  let latest = '';
  let enabled = true;
  for (const side of taskSides(task)) {
    const directory = directories.get(side.directory);
    if (!directory) return { changed: false, reason: `directory ${side.directory} is not configured`, enabled: null };
    let state: CredentialState;
    try {
      state = await directory.readCredentialState(side);
    } catch (error) {
      return {
        changed: false,
        reason: `${side.directory}:${side.name} could not be read: ${isReclaimError(error) ? error.code : 'UNEXPECTED'}`,
        enabled: null,
      };
    }
    if (!state.exists)
      return { changed: false, reason: `${side.directory}:${side.name} no longer exists`, enabled: null };
    enabled &&= state.enabled;
    if (!passwordChangedSince(state, since))
      return {
        changed: false,
        reason: `${claimOf(task)}, but ${side.directory}:${side.name} ${notChanged(state, since)}`,
        enabled: state.enabled,
      };
    if (state.passwordLastSetAt! > latest) latest = state.passwordLastSetAt!;
  }
  return { changed: true, changedAt: latest, enabled };
}

function claimOf(task: ManualTaskRow): string {
  if (task.state === 'done') return `${task.doneBy} reported it done at ${task.doneAt}`;
  if (task.state === 'failed') return `${task.doneBy} reported it failed at ${task.doneAt}`;
  return `assigned to ${task.assignee} at ${task.assignedAt}, not reported done`;
}

function notChanged(state: CredentialState, since: string): string {
  if (state.pwdLastSetRaw === '0' || state.mustChangePassword)
    return 'must change its password at next sign-in: a reset with must-change is not a completed change';
  return `shows the password last set ${state.passwordLastSetAt ?? 'never'}, not after ${since}`;
}
