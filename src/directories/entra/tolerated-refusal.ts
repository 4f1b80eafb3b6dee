// A Graph refusal that discovery records as a gap instead of failing.
import { ReclaimError } from '../../core/errors/reclaim-error.ts';

/**
 * SAFETY: only a refusal (no licence, no permission, unsupported) is recorded as a gap; a directory
 * that could not be reached fails discovery, rather than silently finding fewer privileged holders.
 */
export function tolerated(error: unknown): ReclaimError {
  if (
    error instanceof ReclaimError &&
    ['INSUFFICIENT_RIGHTS', 'NOT_SUPPORTED', 'CONSTRAINT_VIOLATION'].includes(error.code)
  )
    return error;
  throw error;
}
