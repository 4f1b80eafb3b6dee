// The one rule of "did this credential change since T0", shared by verification and enforcement:
// AD pwdLastSet after T0 and not 0 (0 means "must change", not a change); Entra
// lastPasswordChangeDateTime after T0 (whole seconds: from T0's own second); for an AD smart-card-required account, its password hash
// rolled after T0 (the roll moves the hash's replication stamp, never pwdLastSet).
import type { CredentialState } from '../core/action.ts';

/**
 * A smart-card account signs in with its card, and its password hash is random: the credential an
 * attacker can hold is that hash, so a roll after T0 is the change. Replication stamps have whole
 * seconds: a roll in T0's own second counts (T0 is floored to the second).
 */
export function smartcardHashRolledSince(state: CredentialState, t0: string): boolean {
  if (!state.exists || state.smartcardRequired !== true || !state.passwordHashChangedAt) return false;
  return Date.parse(state.passwordHashChangedAt) >= Math.floor(Date.parse(t0) / 1000) * 1000;
}

/**
 * A password-last-set stamp after T0. Entra's lastPasswordChangeDateTime carries whole seconds, so
 * a change in T0's own second cannot be ordered against T0 to the millisecond: a stamp with no
 * sub-second part counts from T0's second (T0 floored), as replication stamps do above; a precise
 * stamp (AD's pwdLastSet) is compared exactly.
 */
function setAfter(stamp: string, t0: string): boolean {
  const at = Date.parse(stamp);
  return at % 1000 === 0 ? at >= Math.floor(Date.parse(t0) / 1000) * 1000 : at > Date.parse(t0);
}

export function passwordChangedSince(state: CredentialState, t0: string): boolean {
  if (smartcardHashRolledSince(state, t0)) return true;
  if (!state.exists || state.passwordLastSetAt === null) return false;
  // a pending must-change (AD pwdLastSet=0, Entra forceChangePasswordNextSignIn) is not a change
  if (state.pwdLastSetRaw === '0' || state.mustChangePassword) return false;
  return setAfter(state.passwordLastSetAt, t0);
}

/**
 * The password was replaced after T0 (an admin reset: a random password, often with "must change")
 * though its owner has not chosen their own yet: the credential an attacker may hold no longer signs
 * in. AD: the password hash's replication stamp moved after T0 (pwdLastSet=0 hides the time);
 * Entra: lastPasswordChangeDateTime moved (an admin reset sets it, a force-change flag alone does not).
 */
export function passwordReplacedSince(state: CredentialState, t0: string): boolean {
  if (!state.exists) return false;
  if (state.passwordHashChangedAt)
    return Date.parse(state.passwordHashChangedAt) >= Math.floor(Date.parse(t0) / 1000) * 1000;
  if (state.pwdLastSetRaw !== undefined || state.passwordLastSetAt === null) return false;
  return setAfter(state.passwordLastSetAt, t0);
}
