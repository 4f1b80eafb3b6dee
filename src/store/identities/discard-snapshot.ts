// A discovery run that failed part-way leaves nothing behind: its identities and its snapshot row
// are removed in one transaction, so no half snapshot is ever read or counted.
import type { Store } from '../open-store.ts';
import { inWriteTransaction } from '../write-transaction.ts';

export async function discardSnapshot(store: Store, snapshotId: number): Promise<void> {
  await inWriteTransaction(store, 'discarding a failed discovery snapshot', async (trx) => {
    await trx.deleteFrom('identities').where('snapshotId', '=', snapshotId).execute();
    await trx.deleteFrom('snapshots').where('id', '=', snapshotId).where('finishedAt', 'is', null).execute();
  });
}
