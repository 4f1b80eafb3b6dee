// A token bucket measured as "used" units that drain linearly over the window: capacity C per
// window W refills at C/W. Time comes from the emulator clock, so advancing it refills buckets.
export class TokenBucket {
  private used = 0;
  private last: number;

  constructor(
    readonly capacity: number,
    readonly windowMs: number,
    now: number,
  ) {
    this.last = now;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.last);
    this.used = Math.max(0, this.used - (elapsed * this.capacity) / this.windowMs);
    this.last = Math.max(this.last, now);
  }

  /** Whether `cost` fits under `fraction` of the capacity (low-priority requests get less). */
  admits(now: number, cost: number, fraction = 1): boolean {
    this.refill(now);
    return this.used + cost <= this.capacity * fraction + 1e-9;
  }

  /** Milliseconds until `cost` would fit. */
  waitMs(now: number, cost: number, fraction = 1): number {
    this.refill(now);
    const excess = this.used + cost - this.capacity * fraction;
    return excess <= 0 ? 0 : (excess * this.windowMs) / this.capacity;
  }

  take(now: number, cost: number): void {
    this.refill(now);
    this.used += cost;
  }

  usage(now: number): number {
    this.refill(now);
    return this.used / this.capacity;
  }
}
