// Per-address limit on sign-in attempts (a sliding window in memory), in front of the per-account
// lockout kept in the store: one address cannot spray guesses across many usernames.
export class LoginRateLimit {
  readonly #attempts = new Map<string, number[]>();

  constructor(
    readonly maxAttempts: number,
    readonly windowMs: number,
  ) {}

  /** Records an attempt; false when the address is over its limit (the attempt is refused). */
  take(address: string, nowMs: number): boolean {
    const recent = (this.#attempts.get(address) ?? []).filter((t) => t > nowMs - this.windowMs);
    if (recent.length >= this.maxAttempts) {
      this.#attempts.set(address, recent);
      return false;
    }
    recent.push(nowMs);
    this.#attempts.set(address, recent);
    return true;
  }
}
