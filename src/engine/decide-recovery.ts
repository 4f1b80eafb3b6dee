// SAFETY: what to do with an action whose earlier attempt may have reached the directory (its
// worker died after journaling 'apply-start', or the write failed with an unknown outcome). The
// engine never re-applies blindly: it reads the ground truth first and decides here. A password is
// only ever re-set to the SAME value (action-passwords.ts); a krbtgt key is never rolled twice; a
// Temporary Access Pass is never issued twice.
import type { ActionKind, CredentialState } from '../core/action.ts';

export type Recovery =
  | { decision: 'applied'; reason: string }
  | { decision: 'reapply'; reason: string }
  /** the outcome cannot be established safely: recorded as a permanent failure for a person to check */
  | { decision: 'uncertain'; reason: string }
  | { decision: 'gone'; reason: string };

export interface RecoveryInput {
  kind: ActionKind;
  params: { mustChange?: boolean };
  state: CredentialState;
  /** when the interrupted attempt journaled 'apply-start'; null when unknown */
  applyStartedAt: string | null;
  /** resetKrbtgt, and a must-change resetPassword in AD: msDS-KeyVersionNumber journaled before the write */
  keyVersionNumberBefore?: number;
  /** resetPassword with mustChange: whether the identity already had to change before the write */
  mustChangeBefore?: boolean;
}

// Compared as instants, never as strings: Graph gives whole seconds ("...:41Z"), the journal
// milliseconds ("...:41.231Z"), and 'Z' sorts after '.'. Someone else's change must be strictly
// after the attempt started.
const changedSince = (state: CredentialState, since: string | null): boolean =>
  since !== null && state.passwordLastSetAt !== null && Date.parse(state.passwordLastSetAt) >= Date.parse(since);

// A date our own write sets (a reset's password date, a revocation's sessions date) is compared at
// the precision the directory gives: our write landing at 41.5 shows as 41 in Graph, so a
// whole-second date counts from the second the attempt started in. (Another change in that same
// second before our attempt is taken as ours: a new password, or revoked sessions, all the same.)
const ourWriteSince = (date: string | null | undefined, since: string | null): boolean => {
  if (since === null || date === null || date === undefined) return false;
  const start = Date.parse(since);
  return Date.parse(date) >= (/\.\d/.test(date) ? start : Math.floor(start / 1000) * 1000);
};

export function decideRecovery(input: RecoveryInput): Recovery {
  const { state } = input;
  if (!state.exists) return { decision: 'gone', reason: 'the identity no longer exists' };
  switch (input.kind) {
    case 'requireChange':
      if (changedSince(state, input.applyStartedAt))
        return { decision: 'applied', reason: 'the password was set after the interrupted attempt started' };
      if (state.mustChangePassword && state.passwordNeverExpires !== true)
        return { decision: 'applied', reason: 'the directory already requires a change' };
      return { decision: 'reapply', reason: 'the directory does not require a change yet' };
    case 'resetPassword':
      // With mustChange AD shows pwdLastSet=0 (no date) after our write, so a date after the
      // attempt started means the user (or the helpdesk) set a password since: do not undo it.
      // Entra dates every reset, ours included.
      if (ourWriteSince(state.passwordLastSetAt, input.applyStartedAt))
        return { decision: 'applied', reason: 'the password was set after the interrupted attempt started' };
      // SAFETY: a person who already had to change their password (the helpdesk's usual caller) shows
      // pwdLastSet=0 before and after a must-change reset; AD moves the key version with every
      // password set, so a version above the one journaled before the write means it landed.
      if (
        input.keyVersionNumberBefore !== undefined &&
        state.keyVersionNumber !== undefined &&
        state.keyVersionNumber > input.keyVersionNumberBefore
      ) {
        return {
          decision: 'applied',
          reason: `the password's key version moved from ${input.keyVersionNumberBefore} to ${state.keyVersionNumber}`,
        };
      }
      if (input.params.mustChange === true && state.mustChangePassword && input.mustChangeBefore === false) {
        return { decision: 'applied', reason: 'must-change is set now and was not before the write: the reset landed' };
      }
      return { decision: 'reapply', reason: 'not visibly applied: set again with the same derived password' };
    case 'disable':
      return state.enabled
        ? { decision: 'reapply', reason: 'still enabled' }
        : { decision: 'applied', reason: 'already disabled' };
    case 'enable':
      return state.enabled
        ? { decision: 'applied', reason: 'already enabled' }
        : { decision: 'reapply', reason: 'still disabled' };
    case 'resetKrbtgt':
      if (input.keyVersionNumberBefore === undefined || state.keyVersionNumber === undefined) {
        return {
          decision: 'uncertain',
          reason:
            'the key version before the write is unknown: check msDS-KeyVersionNumber before resetting krbtgt again',
        };
      }
      return state.keyVersionNumber > input.keyVersionNumberBefore
        ? {
            decision: 'applied',
            reason: `key version moved from ${input.keyVersionNumberBefore} to ${state.keyVersionNumber}`,
          }
        : { decision: 'reapply', reason: `key version still ${state.keyVersionNumber}` };
    case 'revokeSessions':
      // Entra dates every revocation; elsewhere revoking again leaves the same state.
      return ourWriteSince(state.sessionsValidFrom, input.applyStartedAt)
        ? { decision: 'applied', reason: 'sign-in sessions were revoked after the interrupted attempt started' }
        : { decision: 'reapply', reason: 'revokeSessions is safe to apply again' };
    case 'issueTap':
      return {
        decision: 'uncertain',
        reason: "a Temporary Access Pass may have been issued: check the user's methods before issuing another",
      };
    default:
      // deleteAuthMethods, rollSmartcardHash, linkPasswordPolicy,
      // restorePasswordNeverExpires: applying again leaves the same state.
      return { decision: 'reapply', reason: `${input.kind} is safe to apply again` };
  }
}
