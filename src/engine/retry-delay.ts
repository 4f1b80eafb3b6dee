// Exponential backoff with full jitter for retryable failures: attempt 1 waits about `baseMs`,
// each further attempt doubles it, capped at `maxMs`. Jitter spreads retries of a whole wave that
// failed together (a DC restart) so they do not come back as one burst.
export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  /** after this many attempts a retryable failure is recorded as permanent */
  maxAttempts: number;
}

export const defaultRetryPolicy: RetryPolicy = { baseMs: 1000, maxMs: 60_000, maxAttempts: 8 };

/** `random` returns a number in [0, 1). */
export function retryDelayMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
