// Expired console sessions are removed from the store: once when `reclaim serve` starts, then
// every `everyMs` (hourly by default). An expired session already reads as absent
// (findLiveSession), so this is about what the store keeps: the hashed tokens and the operators'
// IP addresses of every past sign-in would otherwise pile up for the life of the campaign.
// Every serve process sweeps; the delete is idempotent.
import type { Store } from '../../store/open-store.ts';
import { deleteExpiredSessions } from '../../store/operators/operator-sessions.ts';

export interface SessionSweeper {
  /** the first sweep (resolves with the number removed, or undefined when it failed and was reported) */
  readonly first: Promise<number | undefined>;
  stop(): void;
}

export const defaultSessionSweepMs = 3600_000;

export function sweepExpiredSessions(
  store: Store,
  now: () => Date,
  options: { everyMs?: number; onSwept?: (removed: number) => void; onError: (error: unknown) => void },
): SessionSweeper {
  const sweep = () =>
    deleteExpiredSessions(store, now()).then(
      (removed) => {
        if (removed > 0) options.onSwept?.(removed);
        return removed;
      },
      (error: unknown) => {
        options.onError(error);
        return undefined;
      },
    );
  const first = sweep();
  const timer = setInterval(() => void sweep(), options.everyMs ?? defaultSessionSweepMs);
  timer.unref();
  return { first, stop: () => clearInterval(timer) };
}
