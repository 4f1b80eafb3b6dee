// What enforcement does to one identity at its wave's deadline, from the ground truth:
// SAFETY: only an account whose ground truth shows no change since T0 is disabled; an exemption
// recorded with a reason keeps it enabled; an account disabled this way is re-enabled only after
// its ground truth shows a change since T0 (a helpdesk reset after identity verification).
import type { CredentialState } from '../core/action.ts';
import { passwordChangedSince } from './password-changed.ts';

export type DeadlineDecision = 'compliant' | 'exempt' | 'disable' | 'already-disabled' | 'gone';

export function decideAtDeadline(state: CredentialState, t0: string, exempt: boolean): DeadlineDecision {
  if (!state.exists) return 'gone';
  if (passwordChangedSince(state, t0)) return 'compliant';
  if (exempt) return 'exempt';
  return state.enabled ? 'disable' : 'already-disabled';
}

export function shouldReenable(state: CredentialState, t0: string): boolean {
  return state.exists && !state.enabled && passwordChangedSince(state, t0);
}
