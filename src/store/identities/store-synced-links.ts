// SyncedLinks (src/core/segmentation/synced-links.ts) answered by queries over a campaign's
// snapshots, so planning holds no map of the synced users (issue 17). A synced Entra user tied to
// one AD object has linked_directory set and linked_key = `directory:key` (insertIdentities,
// migration 0018); directory ids never hold a `:` (config schema), so that text is unambiguous.
// "Page order" is the order planning reads the pages in: the snapshots in the order given, each
// by key (streamIdentities).
import { sql } from 'kysely';
import type { Identity } from '../../core/identity.ts';
import type { SyncedLinks } from '../../core/segmentation/synced-links.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

// keys in one IN list: well under SQLite's and PostgreSQL's bound-parameter limits
const keysPerQuery = 500;

const parsed = (rows: readonly { data: string }[]): Identity[] => rows.map((row) => JSON.parse(row.data) as Identity);

export function storeSyncedLinks(store: Store, snapshotIds: readonly number[], pageSize = 1000): SyncedLinks {
  const ids = [...snapshotIds];
  const inSnapshots = ids.length > 0 ? ids : [-1];
  const tied = () =>
    store.db.selectFrom('identities').where('snapshotId', 'in', inSnapshots).where('linkedDirectory', 'is not', null);
  /** The identities one query finds in each snapshot, the snapshots in page order. */
  const eachSnapshot = async (
    doing: string,
    query: (snapshotId: number) => Promise<readonly { data: string }[]>,
  ): Promise<Identity[]> => {
    const found: Identity[] = [];
    for (const snapshotId of ids) found.push(...parsed(await storeCall(doing, () => query(snapshotId))));
    return found;
  };

  return {
    ambiguous() {
      return eachSnapshot('reading the synced users with ambiguous anchors', (snapshotId) =>
        store.db
          .selectFrom('identities')
          .select('data')
          .where('snapshotId', '=', snapshotId)
          .where('linkAmbiguous', '=', sql.lit(1)) // a literal, as the partial index's condition
          .orderBy('key')
          .execute(),
      );
    },

    async sharedClaims() {
      // one aggregate over the partial index: the AD objects claimed by two or more Entra users
      // (a few, when any), then their claimants in page order. Each snapshot is its own branch of
      // a UNION ALL: over `snapshot_id IN (...)`, SQLite picks another index and reads every row.
      const [first, ...rest] = ids;
      if (first === undefined) return [];
      const tiedIn = (snapshotId: number) =>
        store.db
          .selectFrom('identities')
          .select('linkedKey')
          .where('snapshotId', '=', snapshotId)
          .where('linkedDirectory', 'is not', null);
      const all = rest.reduce((union, snapshotId) => union.unionAll(tiedIn(snapshotId)), tiedIn(first));
      const shared = store.db
        .selectFrom(all.as('tied'))
        .select('tied.linkedKey')
        .groupBy('tied.linkedKey')
        .having(sql`count(*)`, '>', 1);
      // usually none: then no snapshot is read for claimants
      const any = await storeCall('reading the AD objects claimed twice', () => shared.limit(1).execute());
      if (any.length === 0) return [];
      return eachSnapshot('reading the AD objects claimed twice', (snapshotId) =>
        store.db
          .selectFrom('identities')
          .select('data')
          .where('snapshotId', '=', snapshotId)
          .where('linkedDirectory', 'is not', null)
          .where('linkedKey', 'in', shared)
          .orderBy('key')
          .execute(),
      );
    },

    async linkedTo(directory, keys) {
      const found: Identity[] = [];
      for (let i = 0; i < keys.length; i += keysPerQuery) {
        const linked = keys.slice(i, i + keysPerQuery).map((key) => `${directory}:${key}`);
        found.push(
          ...parsed(
            await storeCall('reading the Entra sides of AD identities', () =>
              tied().select('data').where('linkedKey', 'in', linked).execute(),
            ),
          ),
        );
      }
      return found;
    },

    async tiedCount() {
      const row = await storeCall('counting the synced users', () =>
        tied().select(sql<number | string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
      );
      return Number(row.n);
    },

    async *unresolved() {
      for (const snapshotId of ids) {
        let after: string | null = null;
        for (;;) {
          const cursor: string | null = after;
          const rows: { key: string; data: string }[] = await storeCall('reading synced users without an AD side', () =>
            store.db
              .selectFrom('identities as e')
              .select(['e.key', 'e.data'])
              .where('e.snapshotId', '=', snapshotId)
              .where('e.linkedDirectory', 'is not', null)
              .$if(cursor !== null, (q) => q.where('e.key', '>', cursor as string))
              .where(({ not, exists, selectFrom }) =>
                not(
                  exists(
                    selectFrom('identities as a')
                      .select(sql<number>`1`.as('found'))
                      .where('a.snapshotId', 'in', inSnapshots)
                      .where('a.kind', '=', 'ad')
                      .whereRef('a.directory', '=', 'e.linkedDirectory')
                      .where(
                        'a.key',
                        '=',
                        sql<string>`substr(${sql.ref('e.linkedKey')}, length(${sql.ref('e.linkedDirectory')}) + 2)`,
                      ),
                  ),
                ),
              )
              .orderBy('e.key')
              .limit(pageSize)
              .execute(),
          );
          if (rows.length > 0) yield parsed(rows);
          if (rows.length < pageSize) break;
          after = rows[rows.length - 1]!.key;
        }
      }
    },
  };
}
