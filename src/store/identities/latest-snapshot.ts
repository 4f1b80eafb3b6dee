// The newest finished discovery snapshot of a directory: what planning works from.
import type { Selectable } from 'kysely';
import type { SnapshotsTable } from '../database.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export type SnapshotRow = Selectable<SnapshotsTable>;

export async function latestSnapshot(
  store: Store,
  input: { directory: string; campaignId?: string },
): Promise<SnapshotRow | undefined> {
  const row = await storeCall('reading the latest snapshot', () =>
    store.db
      .selectFrom('snapshots')
      .selectAll()
      .where('directory', '=', input.directory)
      .where('finishedAt', 'is not', null)
      .$if(input.campaignId !== undefined, (q) => q.where('campaignId', '=', input.campaignId!))
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
  );
  return row ? { ...row, id: Number(row.id), count: Number(row.count) } : undefined;
}
