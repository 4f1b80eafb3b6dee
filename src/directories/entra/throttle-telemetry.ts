// A Graph client middleware that reports the throttling headers of every attempt (the RetryHandler
// sits before it, so each retry is seen too) to the pacer: graph.md A9 and C2.
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

export interface ThrottleSignal {
  status: number;
  /** x-ms-throttle-limit-percentage: sent from 0.8 of the quota; 1.0 means throttling starts */
  limitPercentage?: number;
  /** Retry-After in seconds (fractional values and HTTP dates accepted) */
  retryAfterSeconds?: number;
  /** x-ms-throttle-scope, e.g. Tenant_Application/Write/{app}/{tenant} */
  scope?: string;
}

export type ThrottleListener = (signal: ThrottleSignal) => void;

/** Reads the throttling headers from any header bag (a fetch Headers or a $batch item's object). */
export function readThrottleSignal(
  status: number,
  get: (name: string) => string | null | undefined,
  nowMs: number,
): ThrottleSignal {
  const signal: ThrottleSignal = { status };
  const percentage = Number(get('x-ms-throttle-limit-percentage'));
  if (get('x-ms-throttle-limit-percentage') && Number.isFinite(percentage)) signal.limitPercentage = percentage;
  const retryAfter = parseRetryAfter(get('retry-after') ?? undefined, nowMs);
  if (retryAfter !== undefined) signal.retryAfterSeconds = retryAfter;
  const scope = get('x-ms-throttle-scope');
  if (scope) signal.scope = scope;
  return signal;
}

export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - nowMs) / 1000);
}

export class ThrottleTelemetry implements Middleware {
  #next: Middleware | undefined;
  readonly #listener: ThrottleListener;
  readonly #now: () => number;

  constructor(listener: ThrottleListener, now: () => number = Date.now) {
    this.#listener = listener;
    this.#now = now;
  }

  setNext(next: Middleware): void {
    this.#next = next;
  }

  async execute(context: Context): Promise<void> {
    if (!this.#next) throw new Error('ThrottleTelemetry must not be the last middleware');
    await this.#next.execute(context);
    const response = context.response;
    if (response)
      this.#listener(readThrottleSignal(response.status, (name) => response.headers.get(name), this.#now()));
  }
}
