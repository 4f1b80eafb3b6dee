// Fault injection by method and path (graph.md C1): a forced status (429 with a Retry-After, 500,
// 503, 504), added latency, a dropped connection, or a write that is applied and then answered
// with an error ("applied but answered 504"). Rules match batch items like any other request.
import { graphError } from './graph-error.ts';
import type { GraphResponse } from './graph-request.ts';

export interface FaultRule {
  /** HTTP method, any when absent */
  method?: string;
  /** regular expression (source text) tested against the path below /v1.0, e.g. '^/users/[^/]+$' */
  path: string;
  status?: 429 | 500 | 503 | 504;
  retryAfterSeconds?: number;
  latencyMs?: number;
  /** drop the connection without an answer */
  reset?: boolean;
  /** run the request (the write happens), then answer with `status` */
  afterApply?: boolean;
  /** how many matching requests it affects; default 1 */
  times?: number | 'always';
  /** restrict to top-level requests or to batch items; 'batchEnvelope' hits only the POST /$batch
   *  itself (its path is '/$batch'), and is the only kind that does */
  where?: 'any' | 'topLevel' | 'batchItem' | 'batchEnvelope';
}

export interface ActiveFault extends FaultRule {
  id: string;
  remaining: number;
  hits: number;
}

export class FaultTable {
  private rules: ActiveFault[] = [];
  private seq = 0;

  inject(rule: FaultRule): string {
    new RegExp(rule.path); // throws on an invalid pattern before it is stored
    if (rule.status === undefined && rule.latencyMs === undefined && !rule.reset) {
      throw new Error('a fault needs a status, a latencyMs or reset: true');
    }
    const id = `fault-${++this.seq}`;
    this.rules.push({
      ...rule,
      id,
      remaining: rule.times === 'always' ? Number.POSITIVE_INFINITY : (rule.times ?? 1),
      hits: 0,
    });
    return id;
  }

  clear(): void {
    this.rules = [];
  }

  list(): ActiveFault[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** The first live rule matching this request, consumed once. */
  take(method: string, path: string, inBatch: boolean | 'envelope'): ActiveFault | undefined {
    const rule = this.rules.find(
      (r) =>
        r.remaining > 0 &&
        (!r.method || r.method.toUpperCase() === method.toUpperCase()) &&
        new RegExp(r.path, 'i').test(path) &&
        (inBatch === 'envelope'
          ? r.where === 'batchEnvelope'
          : r.where !== 'batchEnvelope' && (!r.where || r.where === 'any' || (r.where === 'batchItem') === inBatch)),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    rule.hits += 1;
    return rule;
  }
}

export function faultResponse(fault: ActiveFault): GraphResponse {
  switch (fault.status) {
    case 429: {
      const r = graphError(429, 'TooManyRequests', 'Please retry again later.', {
        'Retry-After': String(fault.retryAfterSeconds ?? 1),
      });
      return r;
    }
    case 503:
      return graphError(503, 'serviceNotAvailable', 'Service unavailable', {
        'Retry-After': String(fault.retryAfterSeconds ?? 1),
      });
    case 504:
      return graphError(
        504,
        'GatewayTimeout',
        'The gateway did not receive a response within the specified time period.',
      );
    default:
      return graphError(500, 'generalException', 'An unexpected error occurred.');
  }
}
