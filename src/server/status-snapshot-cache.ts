// The dashboard's campaign status, computed at most once per freshness window and shared by every
// viewer: with a million actions the exact counts take a noticeable fraction of a second, and
// during an incident many people watch the same dashboard. A stale value is served while one
// refresh runs (never two at once); the response carries `asOf` so the page shows its age.
// A console mutation (pause, resume, approve) invalidates its campaign at once. A value older than
// `staleLimitMs` (the first read after a quiet period) is not served as if current: that read waits
// for the refresh, so nobody sees "0 failed" from an hour ago; only if the refresh fails is the old
// value served, with its old `asOf` (the page says how old).
// A background refresh that fails (the store is down, say) is reported through onRefreshError (the
// console logs it) and the last value keeps being served with its old `asOf`; a first read that
// fails rejects to its caller.
export type RefreshErrorListener = (key: string, error: unknown) => void;

export class StatusSnapshotCache<T> {
  readonly #entries = new Map<string, { at: number; value?: T; refreshing?: Promise<T> }>();

  constructor(
    readonly maxAgeMs: number,
    readonly nowMs: () => number,
    readonly onRefreshError: RefreshErrorListener,
    readonly staleLimitMs = Math.max(10 * maxAgeMs, 10_000),
  ) {}

  async get(key: string, compute: () => Promise<T>): Promise<{ value: T; asOf: number }> {
    const entry = this.#entries.get(key) ?? { at: 0 };
    this.#entries.set(key, entry);
    const refresh = () => {
      const started = this.nowMs();
      entry.refreshing ??= compute()
        .then((value) => {
          if (this.#entries.get(key) === entry) Object.assign(entry, { value, at: started });
          return value;
        })
        .finally(() => {
          delete entry.refreshing;
        });
      return entry.refreshing;
    };
    if (entry.value !== undefined) {
      const age = this.nowMs() - entry.at;
      if (age >= this.staleLimitMs) {
        try {
          const value = await refresh();
          return { value, asOf: entry.at };
        } catch (error) {
          this.onRefreshError(key, error);
          return { value: entry.value, asOf: entry.at };
        }
      }
      if (age >= this.maxAgeMs) void refresh().catch((error: unknown) => this.onRefreshError(key, error));
      return { value: entry.value, asOf: entry.at };
    }
    const value = await refresh();
    return { value, asOf: entry.at || this.nowMs() };
  }

  invalidate(key: string): void {
    this.#entries.delete(key);
  }
}
