// The one rule of "did this credential change since T0", shared by verification and enforcement:
// AD pwdLastSet after T0 and not 0 (0 means "must change", not a change); Entra
// lastPasswordChangeDateTime after T0.
import type { CredentialState } from '../core/action.ts';

export function passwordChangedSince(state: CredentialState, t0: string): boolean {
  if (!state.exists || state.passwordLastSetAt === null) return false;
  // a pending must-change (AD pwdLastSet=0, Entra forceChangePasswordNextSignIn) is not a change
  if (state.pwdLastSetRaw === '0' || state.mustChangePassword) return false;
  return Date.parse(state.passwordLastSetAt) > Date.parse(t0);
}
