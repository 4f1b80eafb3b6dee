// Per-person report entries spilled during one discovery (migration 0017): a directory reads a
// report before its listing (Entra's registration details, last sign-ins) and joins each page of
// users to it by key, so neither the report nor the listing is held whole. The rows belong to the
// discovery's snapshot: deleted when the discovery ends (dropDiscoveryScratch), and with the
// snapshot when a failed discovery discards it.
import type { DiscoveryScratch } from '../../core/discovery-scratch.ts';
import { bulkInsert, type BulkInsertSpec } from '../bulk-insert.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';
import { inWriteTransaction } from '../write-transaction.ts';

// 4 parameters a row
const rowsPerStatement = 500;

const spec: BulkInsertSpec = {
  table: 'discovery_scratch',
  columns: ['snapshot_id', 'report', 'entry_key', 'value'],
  // a report that names one person twice: the later entry wins (as a map's set would)
  suffix: 'on conflict (snapshot_id, report, entry_key) do update set value = excluded.value',
};

export function discoveryScratch(store: Store, snapshotId: number): DiscoveryScratch {
  return {
    async put(report, entries) {
      if (entries.size === 0) return;
      // one statement never names a row twice (PostgreSQL refuses to update a row twice in one)
      const rows = [...entries].map(([key, value]) => [snapshotId, report, key, value]);
      await inWriteTransaction(store, `spilling ${rows.length} ${report} entries`, async (trx) => {
        for (let i = 0; i < rows.length; i += rowsPerStatement)
          await bulkInsert(trx, store.dialect, spec, rows.slice(i, i + rowsPerStatement));
      });
    },
    async get(report, keys) {
      const found = new Map<string, string>();
      const wanted = [...new Set(keys)];
      for (let i = 0; i < wanted.length; i += rowsPerStatement) {
        const rows = await storeCall(`reading ${report} entries`, () =>
          store.db
            .selectFrom('discoveryScratch')
            .select(['entryKey', 'value'])
            .where('snapshotId', '=', snapshotId)
            .where('report', '=', report)
            .where('entryKey', 'in', wanted.slice(i, i + rowsPerStatement))
            .execute(),
        );
        for (const row of rows) found.set(row.entryKey, row.value);
      }
      return found;
    },
    async drop(report) {
      await storeCall(`dropping ${report} entries`, () =>
        store.db
          .deleteFrom('discoveryScratch')
          .where('snapshotId', '=', snapshotId)
          .where('report', '=', report)
          .execute(),
      );
    },
  };
}

/** Deletes every entry a discovery spilled for this snapshot. */
export async function dropDiscoveryScratch(store: Store, snapshotId: number): Promise<void> {
  await storeCall('deleting discovery scratch', () =>
    store.db.deleteFrom('discoveryScratch').where('snapshotId', '=', snapshotId).execute(),
  );
}
