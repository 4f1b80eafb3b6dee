// A discovery run that failed part-way leaves nothing behind: its identities and its snapshot row
// are removed in one transaction, so no half snapshot is ever read or counted. A run that could not
// clean up after itself (killed, or its machine lost) leaves an unfinished snapshot that nobody
// reads; the next discovery of the same directory for the same campaign removes it once it started
// more than `abandonedAfterMs` before that discovery did (a discovery still running beside it is
// younger than that and is left alone).
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';
import { inWriteTransaction } from '../write-transaction.ts';

/** An unfinished discovery snapshot this much older than a new discovery of the same directory was abandoned. */
export const snapshotAbandonedAfterMs = 12 * 3600_000;

export async function discardSnapshot(store: Store, snapshotId: number): Promise<void> {
  await inWriteTransaction(store, 'discarding a failed discovery snapshot', async (trx) => {
    await trx.deleteFrom('identities').where('snapshotId', '=', snapshotId).execute();
    await trx.deleteFrom('snapshots').where('id', '=', snapshotId).where('finishedAt', 'is', null).execute();
  });
}

/** Discards the abandoned snapshots of `directory` for `campaignId`, older than `startedAt` by the cut-off; returns their ids. */
export async function discardAbandonedSnapshots(
  store: Store,
  input: { directory: string; campaignId: string; startedAt: Date; abandonedAfterMs?: number },
): Promise<number[]> {
  const before = new Date(input.startedAt.getTime() - (input.abandonedAfterMs ?? snapshotAbandonedAfterMs));
  const rows = await storeCall('finding abandoned discovery snapshots', () =>
    store.db
      .selectFrom('snapshots')
      .select('id')
      .where('directory', '=', input.directory)
      .where('campaignId', '=', input.campaignId)
      .where('finishedAt', 'is', null)
      .where('startedAt', '<', before.toISOString())
      .execute(),
  );
  const ids = rows.map((r) => Number(r.id));
  for (const id of ids) await discardSnapshot(store, id);
  return ids;
}
