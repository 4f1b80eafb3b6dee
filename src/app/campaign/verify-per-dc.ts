// `reclaim verify --per-dc`: for every AD directory with several DCs, how many of the campaign's
// applied writes each DC shows, read from the attribute's replication metadata (replPropertyMetaData:
// the same write as on the DC that made it, or a newer one), never from pwdLastSet alone; and the
// replication lag per DC: from the journal's applied time to the first look that found the write on
// that DC (an upper bound for writes already there at the first look). Waits up to `waitMs` for the
// DCs that do not show a write yet; what is still missing then is counted "not yet".
import type { ActionKind } from '../../core/action.ts';
import type { IdentityRef } from '../../core/identity.ts';
import { MultiDcAdDirectory } from '../../directories/ad/multi-dc/multi-dc-ad-directory.ts';
import type { DcStamps } from '../../directories/ad/multi-dc/read-dc-stamps.ts';
import { sameWrite, type ReplStamp } from '../../directories/ad/multi-dc/repl-property-metadata.ts';
import type { StampedAttribute } from '../../directories/ad/multi-dc/verify-everywhere.ts';
import type { App } from '../create-app.ts';
import { appliedWrites, type AppliedWrite } from './applied-writes.ts';

/** Does the app have a directory with several DCs (then verification reads every DC)? */
export function hasSeveralDcs(app: App): boolean {
  return [...app.directories().values()].some((d) => d instanceof MultiDcAdDirectory);
}

/** the attribute whose replication stamp proves each kind of write */
const stampedBy: Partial<Record<ActionKind, StampedAttribute>> = {
  resetPassword: 'unicodePwd',
  resetKrbtgt: 'unicodePwd',
  rollSmartcardHash: 'unicodePwd',
  requireChange: 'pwdLastSet',
};

export interface DcReplication {
  url: string;
  /** applied writes this DC shows (the same write as its originating DC, or a newer one) */
  shows: number;
  notYet: number;
  /** writes this DC could not be read for (down, hung) */
  unreadable: number;
  lag: { maxMs: number | null; p95Ms: number | null; measured: number; alreadyThereAtFirstLook: number };
}

export interface DirectoryReplication {
  directory: string;
  checked: number;
  /** applied writes of kinds with no replication stamp read here (disable, enable, ...) */
  skipped: number;
  dcs: DcReplication[];
  /** identities with an applied write that some DC does not show (yet): not verified */
  notEverywhere: Array<{ identity: string; key: string; lacking: string[] }>;
}

export interface PerDcResult {
  waitedMs: number;
  directories: DirectoryReplication[];
  /** directories with one DC (or not AD): nothing to compare */
  singleDc: string[];
}

interface PairState {
  seenAtMs?: number;
  atFirstLook?: boolean;
  error?: string;
}

function shows(view: DcStamps | undefined, attribute: StampedAttribute, reference: ReplStamp | undefined): boolean {
  const s = view?.ok ? view[attribute] : undefined;
  if (!s || !reference) return false;
  return sameWrite(s, reference) || s.version > reference.version;
}

/** the write to look for: as the DC that made it shows it, else the newest any DC shows */
function referenceOf(
  write: AppliedWrite,
  views: readonly DcStamps[],
  attribute: StampedAttribute,
): ReplStamp | undefined {
  const own = views.find((v) => v.url === write.dc && v.ok)?.[attribute];
  if (own) return own;
  let newest: ReplStamp | undefined;
  for (const v of views) {
    const s = v.ok ? v[attribute] : undefined;
    if (
      s &&
      (!newest ||
        s.version > newest.version ||
        (s.version === newest.version && s.originatingTime > newest.originatingTime))
    )
      newest = s;
  }
  return newest;
}

function p95(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] as number;
}

async function inBatches<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) await work(items[i] as T);
    }),
  );
}

async function directoryReplication(
  app: App,
  campaignId: string,
  directory: MultiDcAdDirectory,
  options: { waitMs: number; pollMs: number },
): Promise<DirectoryReplication> {
  const all = await appliedWrites(await app.store(), campaignId, { directory: directory.id });
  const writes = all.filter((w) => stampedBy[w.kind] !== undefined);
  const urls = directory.router.urls;
  const state = new Map<AppliedWrite, Map<string, PairState>>(
    writes.map((w) => [w, new Map(urls.map((u) => [u, {}]))]),
  );
  const started = Date.now();
  for (let look = 0; ; look += 1) {
    const pending = writes.filter((w) => [...(state.get(w)?.values() ?? [])].some((p) => p.seenAtMs === undefined));
    if (pending.length === 0) break;
    if (look > 0 && Date.now() - started >= options.waitMs) break;
    if (look > 0) await new Promise((r) => setTimeout(r, options.pollMs));
    await inBatches(pending, 8, async (w) => {
      const ref: IdentityRef = { directory: w.directory, key: w.identityKey, name: w.identityName };
      const attribute = stampedBy[w.kind] as StampedAttribute;
      const views = await directory.stampsEverywhere(ref);
      const reference = referenceOf(w, views, attribute);
      const now = Date.now();
      for (const [url, pair] of state.get(w) ?? []) {
        if (pair.seenAtMs !== undefined) continue;
        const view = views.find((v) => v.url === url);
        if (shows(view, attribute, reference)) {
          pair.seenAtMs = Math.max(0, now - Date.parse(w.appliedAt));
          pair.atFirstLook = look === 0;
          delete pair.error;
        } else if (view && !view.ok) pair.error = view.error ?? 'unreadable';
      }
    });
  }
  const dcs = urls.map((url): DcReplication => {
    const pairs = writes.map((w) => state.get(w)?.get(url) ?? {});
    const lags = pairs.flatMap((p) => (p.seenAtMs === undefined ? [] : [p.seenAtMs]));
    return {
      url,
      shows: lags.length,
      notYet: pairs.filter((p) => p.seenAtMs === undefined && p.error === undefined).length,
      unreadable: pairs.filter((p) => p.seenAtMs === undefined && p.error !== undefined).length,
      lag: {
        maxMs: lags.length ? Math.max(...lags) : null,
        p95Ms: p95(lags),
        measured: lags.length,
        alreadyThereAtFirstLook: pairs.filter((p) => p.atFirstLook).length,
      },
    };
  });
  const notEverywhere = writes.flatMap((w) => {
    const lacking = [...(state.get(w) ?? [])].filter(([, p]) => p.seenAtMs === undefined).map(([url]) => url);
    return lacking.length ? [{ identity: w.identityName, key: w.identityKey, lacking }] : [];
  });
  return { directory: directory.id, checked: writes.length, skipped: all.length - writes.length, dcs, notEverywhere };
}

export async function verifyPerDc(
  app: App,
  campaignId: string,
  options: { waitMs?: number; pollMs?: number } = {},
): Promise<PerDcResult> {
  const waitMs = options.waitMs ?? 30_000;
  const directories: DirectoryReplication[] = [];
  const singleDc: string[] = [];
  for (const [id, directory] of app.directories()) {
    if (directory instanceof MultiDcAdDirectory)
      directories.push(
        await directoryReplication(app, campaignId, directory, { waitMs, pollMs: options.pollMs ?? 250 }),
      );
    else singleDc.push(id);
  }
  return { waitedMs: waitMs, directories, singleDc };
}

export function renderPerDc(r: PerDcResult): string[] {
  const ms = (v: number | null) => (v === null ? '-' : `${v} ms`);
  return r.directories.flatMap((d) => [
    `per DC, ${d.directory}: ${d.checked} applied writes ` +
      `checked${d.skipped ? ` (${d.skipped} of kinds without a replication stamp skipped)` : ''}, ` +
      `waited up to ${Math.round(r.waitedMs / 1000)} s`,
    ...d.notEverywhere
      .slice(0, 20)
      .map((n) => `  NOT ON EVERY DC ${d.directory}:${n.identity}: missing on ${n.lacking.join(', ')}`),
    ...d.dcs.map(
      (c) =>
        `  ${c.url}: shows ${c.shows}/${d.checked}, not yet ${c.notYet}, unreadable ${c.unreadable}; ` +
        `lag max ${ms(c.lag.maxMs)}, p95 ${ms(c.lag.p95Ms)} (${c.lag.alreadyThereAtFirstLook} ` +
        `already there at the first look: lag at most that)`,
    ),
  ]);
}
