// Evenly spaced calls under a quota of `requests` per `windowMs`, a little slower than the quota
// (5 %) so the server's own window never refuses one: each caller waits for the next free slot,
// in arrival order. Several passes that share a limit share one pacer.
import { type PacerClock, realPacerClock } from './write-pacer.ts';

export interface PacedQuota {
  requests: number;
  windowMs: number;
}

export class EvenPacer {
  readonly #spacingMs: number;
  #next = -Infinity;

  constructor(
    quota: PacedQuota,
    private readonly clock: PacerClock = realPacerClock,
  ) {
    this.#spacingMs = (quota.windowMs / quota.requests) * 1.05;
  }

  /** Resolves when one more call may start (its slot is taken at once, so callers never collide). */
  async take(): Promise<void> {
    const now = this.clock.now();
    const at = Math.max(now, this.#next);
    this.#next = at + this.#spacingMs;
    if (at > now) await this.clock.sleep(at - now);
  }
}
