// Which DC writes an identity. Every action on one identity goes to the same DC, because writes to
// one object on two DCs are resolved by replication as last writer wins and can silently drop one.
// Rendezvous hashing over the healthy DCs: stable across runs and processes, and when a DC goes
// down only its own identities move (and come back when it rejoins).
import { ReclaimError } from '../../../core/errors/reclaim-error.ts';

export interface DcHealth {
  url: string;
  up: boolean;
  /** when it was marked down (ms, from the injected clock) */
  downSince?: number;
  lastError?: string;
}

/** FNV-1a, 32-bit: small, deterministic, good enough spread for routing. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // final avalanche so keys differing in the last characters still spread
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  return h >>> 0;
}

export class DcRouter {
  readonly #health: Map<string, DcHealth>;
  readonly #retryDownAfterMs: number;
  readonly #now: () => number;

  constructor(urls: readonly string[], options: { retryDownAfterMs?: number; now?: () => number } = {}) {
    if (urls.length === 0) throw new ReclaimError('CONFIG_INVALID', 'at least one domain controller URL is needed');
    this.#health = new Map(urls.map((url) => [url, { url, up: true }]));
    this.#retryDownAfterMs = options.retryDownAfterMs ?? 5_000;
    this.#now = options.now ?? Date.now;
  }

  get urls(): string[] {
    return [...this.#health.keys()];
  }

  health(): DcHealth[] {
    return [...this.#health.values()].map((h) => ({ ...h }));
  }

  /** The DC for an identity among the healthy ones, ranked; the first is the home, the rest the failover order. */
  rank(key: string, exclude: ReadonlySet<string> = new Set()): string[] {
    const candidates = [...this.#health.values()].filter((h) => h.up && !exclude.has(h.url)).map((h) => h.url);
    return candidates.sort((a, b) => fnv1a(`${key}|${b}`) - fnv1a(`${key}|${a}`) || (a < b ? -1 : 1));
  }

  /** The identity's home DC when every DC is healthy (for reporting the spread). */
  home(key: string): string {
    return this.urls.sort((a, b) => fnv1a(`${key}|${b}`) - fnv1a(`${key}|${a}`) || (a < b ? -1 : 1))[0] as string;
  }

  pick(key: string, exclude: ReadonlySet<string> = new Set()): string {
    const url = this.rank(key, exclude)[0];
    if (!url) {
      throw new ReclaimError(
        'DIRECTORY_UNAVAILABLE',
        `no domain controller is available (${this.urls.join(', ')} are down or already failed this action)`,
      );
    }
    return url;
  }

  markDown(url: string, why: string): void {
    const h = this.#health.get(url);
    if (!h) return;
    if (h.up) h.downSince = this.#now();
    h.up = false;
    h.lastError = why;
  }

  markUp(url: string): void {
    const h = this.#health.get(url);
    if (!h) return;
    h.up = true;
    delete h.downSince;
    delete h.lastError;
  }

  /** DCs down long enough to be probed again. */
  dueForProbe(): string[] {
    const now = this.#now();
    return [...this.#health.values()]
      .filter((h) => !h.up && now - (h.downSince ?? 0) >= this.#retryDownAfterMs)
      .map((h) => h.url);
  }
}
