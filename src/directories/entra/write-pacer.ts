// Client-side pacing of Graph writes just below a write quota (graph.md A9, C2): a token bucket
// refilled at a fraction of the quota's rate, which backs off on x-ms-throttle-limit-percentage
// above 1 and on 429 (pausing for Retry-After), then creeps back up. Clock and sleep are injected.
// At exactly 1 (a quota found full, by another process or a run before, and drawn at just below
// its refill rate) it holds its rate: every write is still admitted, and backing off there would
// leave the run far below the quota for as long as its own writes keep the bucket full.
import type { ThrottleSignal } from './throttle-telemetry.ts';

export interface WriteQuota {
  /** writes allowed per window */
  limit: number;
  windowMs: number;
}

/** Documented identity-and-access write quotas (graph.md A9). */
export const graphWriteQuotas = {
  perAppAndTenant: { limit: 3000, windowMs: 150_000 },
  perTenant: { limit: 18_000, windowMs: 300_000 },
} as const satisfies Record<string, WriteQuota>;

export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realPacerClock: PacerClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface WritePacerOptions {
  clock?: PacerClock;
  /** the share of the quota aimed at when nothing pushes back */
  targetFraction?: number;
  /** the lowest share feedback can push the rate to */
  minFraction?: number;
  /** tokens the bucket can hold: the largest burst; at least one batch */
  burst?: number;
}

export class WritePacer {
  readonly quota: WriteQuota;
  readonly #clock: PacerClock;
  readonly #target: number;
  readonly #min: number;
  readonly #burst: number;
  #fraction: number;
  #tokens: number;
  #lastRefill: number;
  #pausedUntil = 0;
  #lastDecrease = -Infinity;
  #tail: Promise<void> = Promise.resolve();
  /** counters for reports and tests */
  readonly stats = { taken: 0, throttled: 0, slowDowns: 0 };

  constructor(quota: WriteQuota, options: WritePacerOptions = {}) {
    this.quota = quota;
    this.#clock = options.clock ?? realPacerClock;
    this.#target = options.targetFraction ?? 0.97;
    this.#min = options.minFraction ?? 0.3;
    // A bucket that starts nearly empty and holds little keeps every sliding window of the
    // quota's length below `limit` (rate x window + burst), whatever state the server starts in.
    this.#burst = options.burst ?? Math.max(20, Math.floor(quota.limit * (1 - this.#target) * 0.5));
    this.#fraction = this.#target;
    this.#tokens = Math.min(this.#burst, 20);
    this.#lastRefill = this.#clock.now();
  }

  /** the current share of the quota's rate being aimed at */
  get fraction(): number {
    return this.#fraction;
  }

  /** Waits until `n` writes may be sent. Callers are served in order. */
  take(n: number): Promise<void> {
    if (n > this.#burst) throw new RangeError(`cannot take ${n} writes at once from a bucket of ${this.#burst}`);
    const turn = this.#tail.then(() => this.#takeInTurn(n));
    this.#tail = turn.catch(() => undefined);
    return turn;
  }

  /** Returns writes taken but not sent (a lane took a batch's worth and found fewer to send). */
  giveBack(n: number): void {
    if (n <= 0) return;
    this.#tokens = Math.min(this.#burst, this.#tokens + n);
    this.stats.taken -= n;
  }

  /** Feeds back what Graph answered to a write sent after a `take`. */
  feedback(signal: ThrottleSignal): void {
    const now = this.#clock.now();
    if (signal.status === 429) {
      this.stats.throttled += 1;
      const waitMs = (signal.retryAfterSeconds ?? 1) * 1000;
      this.#pausedUntil = Math.max(this.#pausedUntil, now + waitMs);
      this.#decrease(now, 0.85);
      this.#tokens = 0;
      return;
    }
    if (signal.limitPercentage !== undefined && signal.limitPercentage > 1) {
      this.#decrease(now, 0.95);
      return;
    }
    if (signal.status < 400 && (signal.limitPercentage === undefined || signal.limitPercentage < 0.98)) {
      this.#fraction = Math.min(this.#target, this.#fraction + 0.0005);
    }
  }

  /** Stops sending until `untilMs` (a 429 on a whole batch, or on another lane of the same app). */
  pauseUntil(untilMs: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, untilMs);
  }

  #decrease(now: number, factor: number): void {
    // One step per 1/20 of the window: answers to writes already in flight say the same thing.
    if (now - this.#lastDecrease < this.quota.windowMs / 20) return;
    this.#lastDecrease = now;
    this.stats.slowDowns += 1;
    this.#fraction = Math.max(this.#min, this.#fraction * factor);
  }

  #refill(now: number): void {
    const rate = (this.quota.limit * this.#fraction) / this.quota.windowMs;
    this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#lastRefill) * rate);
    this.#lastRefill = now;
  }

  async #takeInTurn(n: number): Promise<void> {
    for (;;) {
      const now = this.#clock.now();
      this.#refill(now);
      if (now < this.#pausedUntil) {
        await this.#clock.sleep(this.#pausedUntil - now);
        continue;
      }
      if (this.#tokens >= n) {
        this.#tokens -= n;
        this.stats.taken += n;
        return;
      }
      const rate = (this.quota.limit * this.#fraction) / this.quota.windowMs;
      await this.#clock.sleep(Math.max(1, (n - this.#tokens) / rate));
    }
  }
}
