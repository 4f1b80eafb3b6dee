// Pacing of authentication-method calls (listing, deleting methods, issuing a Temporary Access Pass):
// the throttling page lists them under the identity-and-access reports limit, 5 requests per 10 s per
// app per tenant (https://learn.microsoft.com/en-us/graph/throttling-limits, graph.md "More facts").
// A sliding window: at most `requests` calls start within any `windowMs`, in arrival order.
import { realPacerClock, type PacerClock } from './write-pacer.ts';

export interface MethodsQuota {
  requests: number;
  windowMs: number;
}

export const graphAuthMethodsQuota: MethodsQuota = { requests: 5, windowMs: 10_000 };

export class MethodsPacer {
  readonly #starts: number[] = [];
  #tail: Promise<void> = Promise.resolve();

  constructor(
    readonly quota: MethodsQuota = graphAuthMethodsQuota,
    private readonly clock: PacerClock = realPacerClock,
  ) {}

  /** Resolves when one more call may start. */
  take(): Promise<void> {
    const turn = this.#tail.then(async () => {
      for (;;) {
        const now = this.clock.now();
        while (this.#starts.length > 0 && now - this.#starts[0]! >= this.quota.windowMs) this.#starts.shift();
        if (this.#starts.length < this.quota.requests) {
          this.#starts.push(now);
          return;
        }
        // a little past the oldest start's window, so the server's window has moved too
        await this.clock.sleep(this.#starts[0]! + this.quota.windowMs - now + 5);
      }
    });
    this.#tail = turn.catch(() => undefined);
    return turn;
  }
}
