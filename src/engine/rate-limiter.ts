// Per-directory pacing: a token bucket (rate per second, burst) in front of every write, so the
// engine never pushes a directory harder than configured, however many actions are due.
import type { EngineClock } from './engine-clock.ts';

export interface RateLimit {
  /** sustained writes per second; Infinity for no pacing */
  ratePerSecond: number;
  /** writes allowed back to back after an idle period */
  burst: number;
}

export class RateLimiter {
  readonly #limit: RateLimit;
  readonly #clock: EngineClock;
  #tokens: number;
  #last: number;
  /** callers queue in order, so a burst is shared fairly */
  #queue: Promise<void> = Promise.resolve();

  constructor(limit: RateLimit, clock: EngineClock) {
    this.#limit = { ratePerSecond: limit.ratePerSecond, burst: Math.max(1, limit.burst) };
    this.#clock = clock;
    this.#tokens = this.#limit.burst;
    this.#last = clock.now().getTime();
  }

  /** Waits for one token; returns false when `signal` aborted the wait. */
  take(signal?: AbortSignal): Promise<boolean> {
    const turn = this.#queue.then(() => this.#takeOne(signal));
    this.#queue = turn.then(() => undefined);
    return turn;
  }

  async #takeOne(signal?: AbortSignal): Promise<boolean> {
    if (!Number.isFinite(this.#limit.ratePerSecond)) return !signal?.aborted;
    for (;;) {
      if (signal?.aborted) return false;
      const now = this.#clock.now().getTime();
      this.#tokens = Math.min(
        this.#limit.burst,
        this.#tokens + ((now - this.#last) / 1000) * this.#limit.ratePerSecond,
      );
      this.#last = now;
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return true;
      }
      const waitMs = Math.ceil(((1 - this.#tokens) / this.#limit.ratePerSecond) * 1000);
      await this.#clock.sleep(Math.max(1, waitMs), signal);
    }
  }
}
