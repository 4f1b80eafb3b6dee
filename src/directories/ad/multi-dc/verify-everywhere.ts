// "Verified" means every DC shows the write: the same replication stamp of the attribute on all of
// them (samba-multi-dc.md §b). Waiting reports, per DC, how long after the first look it caught up
// (the replication lag seen by Reclaim).
import type { DcStamps } from './read-dc-stamps.ts';
import { sameWrite, type ReplStamp } from './repl-property-metadata.ts';

export type StampedAttribute = 'unicodePwd' | 'pwdLastSet';

export interface DcVerdict {
  url: string;
  replicated: boolean;
  /** ms from the start of the wait until this DC showed the reference write; undefined if it never did */
  lagMs?: number;
  error?: string;
  stamp?: ReplStamp;
}

export interface Convergence {
  converged: boolean;
  /** the write every DC must show: the newest stamp seen (highest version, then latest time) */
  reference?: ReplStamp;
  dcs: DcVerdict[];
}

function newer(a: ReplStamp, b: ReplStamp): boolean {
  return a.version !== b.version ? a.version > b.version : a.originatingTime > b.originatingTime;
}

/** One look: which DCs hold the newest write of `attribute`. */
export function judge(views: readonly DcStamps[], attribute: StampedAttribute): Convergence {
  let reference: ReplStamp | undefined;
  for (const v of views) {
    const s = v[attribute];
    if (s && (!reference || newer(s, reference))) reference = s;
  }
  const dcs = views.map((v) => ({
    url: v.url,
    replicated: v.ok && sameWrite(v[attribute], reference),
    ...(v.error ? { error: v.error } : {}),
    ...(v[attribute] ? { stamp: v[attribute] } : {}),
  }));
  return {
    converged: reference !== undefined && dcs.every((d) => d.replicated),
    ...(reference ? { reference } : {}),
    dcs,
  };
}

export interface WaitOptions {
  timeoutMs: number;
  pollMs?: number;
  /** the write that must be everywhere (e.g. read from the DC that made it); default: the newest seen */
  expected?: ReplStamp;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Polls every DC until all show the same write (or the timeout); lag per DC in ms. */
export async function waitConverged(
  read: () => Promise<DcStamps[]>,
  attribute: StampedAttribute,
  options: WaitOptions,
): Promise<Convergence> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = now();
  const lag = new Map<string, number>();
  for (;;) {
    const views = await read();
    const look = judge(views, attribute);
    const reference = options.expected ?? look.reference;
    const elapsed = now() - started;
    const dcs: DcVerdict[] = views.map((v) => {
      const replicated = v.ok && sameWrite(v[attribute], reference);
      if (replicated && !lag.has(v.url)) lag.set(v.url, elapsed);
      return {
        ...(look.dcs.find((d) => d.url === v.url) as DcVerdict),
        replicated,
        ...(lag.has(v.url) ? { lagMs: lag.get(v.url) } : {}),
      };
    });
    const converged = reference !== undefined && dcs.every((d) => d.replicated);
    if (converged || elapsed >= options.timeoutMs) return { converged, ...(reference ? { reference } : {}), dcs };
    await sleep(options.pollMs ?? 100);
  }
}
