// A sliding-window limit on messages sent: at most `limit` messages finish in any window of
// `windowMs`. The window is counted from each send's completion, not its start, so whatever the
// network delay the server never sees more than `limit` arrivals in one window. Clock and sleep
// come in as parameters, so tests need no real waiting.

export interface RateLimiter {
  /** Waits until one more message may be sent; call the returned function once it has completed. */
  acquire(): Promise<() => void>;
}

export interface RateLimiterOptions {
  limit: number;
  windowMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const limit = Math.max(1, Math.floor(options.limit));
  /** completion times of recent sends; +Infinity while a send is in flight */
  const slots: number[] = [];
  let queue: Promise<unknown> = Promise.resolve();

  async function waitForSlot(): Promise<number> {
    for (;;) {
      const t = now();
      while (slots.length > 0 && (slots[0] as number) <= t - options.windowMs) slots.shift();
      if (slots.length < limit) {
        slots.push(Number.POSITIVE_INFINITY);
        return slots.length - 1;
      }
      const oldest = slots[0] as number;
      // Every slot in flight: poll briefly until one completes; otherwise sleep until the oldest leaves the window.
      await sleep(Number.isFinite(oldest) ? oldest + options.windowMs - t + 1 : 5);
    }
  }

  return {
    acquire() {
      // Acquisitions are served in order, so a waiting sender is never overtaken.
      const turn = queue.then(waitForSlot);
      queue = turn.catch(() => undefined);
      return turn.then(() => {
        let released = false;
        return () => {
          if (released) return;
          released = true;
          const i = slots.indexOf(Number.POSITIVE_INFINITY);
          if (i >= 0) slots.splice(i, 1);
          slots.push(now());
          slots.sort((a, b) => a - b);
        };
      });
    },
  };
}
