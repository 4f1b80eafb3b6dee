// The identities a campaign discovered: its finished snapshots (the latest per directory wins),
// one identity of a snapshot, or the AD identities of a snapshot with the given keys.
import type { Identity } from '../../core/identity.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

/** Each directory's latest finished snapshot of the campaign: directory -> snapshot id. */
export async function latestSnapshots(store: Store, campaignId: string): Promise<Map<string, number>> {
  const rows = await storeCall('reading snapshots', () =>
    store.db
      .selectFrom('snapshots')
      .select(['id', 'directory'])
      .where('campaignId', '=', campaignId)
      .where('finishedAt', 'is not', null)
      .orderBy('id')
      .execute(),
  );
  const latest = new Map<string, number>();
  for (const r of rows) latest.set(r.directory, Number(r.id));
  return latest;
}

export async function readIdentity(store: Store, snapshotId: number, key: string): Promise<Identity | undefined> {
  const row = await storeCall('reading an identity', () =>
    store.db
      .selectFrom('identities')
      .select('data')
      .where('snapshotId', '=', snapshotId)
      .where('key', '=', key)
      .executeTakeFirst(),
  );
  return row ? (JSON.parse(row.data) as Identity) : undefined;
}

/** The snapshot's AD identities among `keys`, by key (one query: callers pass batches of a few hundred). */
export async function readAdIdentities(
  store: Store,
  snapshotId: number,
  keys: readonly string[],
): Promise<Map<string, Identity>> {
  if (keys.length === 0) return new Map();
  const rows = await storeCall('reading discovered identities', () =>
    store.db
      .selectFrom('identities')
      .select(['key', 'data'])
      .where('snapshotId', '=', snapshotId)
      .where('kind', '=', 'ad')
      .where('key', 'in', [...keys])
      .execute(),
  );
  return new Map(rows.map((row) => [row.key, JSON.parse(row.data) as Identity]));
}
