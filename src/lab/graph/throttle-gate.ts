// Applies the identity-and-access limits (graph.md A9) to one request: which buckets it draws
// from, whether it is admitted, and the headers of the answer (x-ms-resource-unit,
// x-ms-throttle-limit-percentage; on 429 Retry-After, x-ms-throttle-scope, x-ms-throttle-information).
import type { EmulatorClock } from './emulator-clock.ts';
import { TokenBucket } from './throttle-buckets.ts';

export type BucketKind = 'identity' | 'reports' | 'conditionalAccess' | 'authMethods';

export interface ThrottleRequest {
  appId: string;
  kind: BucketKind;
  ru: number;
  write: boolean;
  signInActivity: boolean;
  lowPriority: boolean;
}

export type ThrottleDecision =
  | { admitted: true; ru: number; limitPercentage?: number }
  | { admitted: false; retryAfterMs: number; sendRetryAfter: boolean; scope: string; information: string };

interface Draw {
  key: string;
  capacity: number;
  windowS: number;
  cost: number;
  scope: string;
  information: string;
  /** Conditional Access limits send no Retry-After on 429 (graph.md A9). */
  sendRetryAfter: boolean;
  /** counts towards x-ms-throttle-limit-percentage */
  reported: boolean;
}

export class ThrottleGate {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly tenantId: string,
    private readonly clock: EmulatorClock,
    private readonly size: () => 'S' | 'M' | 'L',
    private readonly authMethodsKind: () => 'identity' | 'reports',
    private readonly signInActivityCountsAsReport: () => boolean = () => true,
  ) {}

  reset(): void {
    this.buckets.clear();
  }

  private draws(r: ThrottleRequest): Draw[] {
    const t = this.tenantId;
    const a = r.appId;
    const kind = r.kind === 'authMethods' ? this.authMethodsKind() : r.kind;
    if (kind === 'conditionalAccess') {
      return [
        {
          key: 'ca',
          capacity: 1,
          windowS: 1,
          cost: 1,
          scope: `Tenant/Read/${a}/${t}`,
          information: 'ResourceUnitLimitExceeded',
          sendRetryAfter: false,
          reported: false,
        },
      ];
    }
    const reportsDraw: Draw = {
      key: `reports:${a}`,
      capacity: 5,
      windowS: 10,
      cost: 1,
      scope: `Tenant_Application/Read/${a}/${t}`,
      information: 'ResourceUnitLimitExceeded',
      sendRetryAfter: true,
      reported: true,
    };
    if (kind === 'reports') return [reportsDraw];
    const ruCapacity = { S: 3500, M: 5000, L: 8000 }[this.size()];
    const draws: Draw[] = [
      {
        key: `ru:${a}`,
        capacity: ruCapacity,
        windowS: 10,
        cost: r.ru,
        scope: `Tenant_Application/ReadWrite/${a}/${t}`,
        information: 'ResourceUnitLimitExceeded',
        sendRetryAfter: true,
        reported: true,
      },
      {
        key: `ru-app:${a}`,
        capacity: 150_000,
        windowS: 20,
        cost: r.ru,
        scope: `Application/ReadWrite/${a}/${t}`,
        information: 'ResourceUnitLimitExceeded',
        sendRetryAfter: true,
        reported: false,
      },
    ];
    if (r.write) {
      draws.push(
        {
          key: `w:${a}`,
          capacity: 3000,
          windowS: 150,
          cost: 1,
          scope: `Tenant_Application/Write/${a}/${t}`,
          information: 'WriteLimitExceeded',
          sendRetryAfter: true,
          reported: true,
        },
        {
          key: 'w-tenant',
          capacity: 18_000,
          windowS: 300,
          cost: 1,
          scope: `Tenant/Write/${a}/${t}`,
          information: 'WriteLimitExceeded',
          sendRetryAfter: true,
          reported: true,
        },
        {
          key: `w-app:${a}`,
          capacity: 35_000,
          windowS: 300,
          cost: 1,
          scope: `Application/Write/${a}/${t}`,
          information: 'WriteLimitExceeded',
          sendRetryAfter: true,
          reported: false,
        },
      );
    }
    if (r.signInActivity) {
      if (this.signInActivityCountsAsReport()) draws.push(reportsDraw);
      draws.push({
        key: `sia:${a}`,
        capacity: 10,
        windowS: 60,
        cost: 1,
        scope: `Tenant_Application/Read/${a}/${t}`,
        information: 'ResourceUnitLimitExceeded',
        sendRetryAfter: true,
        reported: false,
      });
    }
    return draws;
  }

  private bucket(d: Draw, now: number): TokenBucket {
    let b = this.buckets.get(d.key);
    if (!b || b.capacity !== d.capacity) {
      b = new TokenBucket(d.capacity, d.windowS * 1000 * this.clock.timeScale, now);
      this.buckets.set(d.key, b);
    }
    return b;
  }

  /** Admits and charges the request, or refuses it without charging anything. */
  charge(r: ThrottleRequest): ThrottleDecision {
    const now = this.clock.now();
    const draws = this.draws(r);
    // Low-priority requests are throttled first: they see 80 % of each quota (graph.md A9).
    const fraction = r.lowPriority ? 0.8 : 1;
    let refusal: { d: Draw; wait: number } | undefined;
    for (const d of draws) {
      const b = this.bucket(d, now);
      if (!b.admits(now, d.cost, fraction)) {
        const wait = b.waitMs(now, d.cost, fraction);
        if (!refusal || wait > refusal.wait) refusal = { d, wait };
      }
    }
    if (refusal) {
      return {
        admitted: false,
        retryAfterMs: refusal.wait,
        sendRetryAfter: refusal.d.sendRetryAfter,
        scope: refusal.d.scope,
        information: refusal.d.information,
      };
    }
    let usage = 0;
    for (const d of draws) {
      const b = this.bucket(d, now);
      b.take(now, d.cost);
      if (d.reported) usage = Math.max(usage, b.usage(now));
    }
    return usage >= 0.8
      ? { admitted: true, ru: r.ru, limitPercentage: Math.min(1.8, usage) }
      : { admitted: true, ru: r.ru };
  }
}
