// Journaling the outcome of a notice's attempt: sent (the SMTP server accepted it), or failed with
// its catalog code (it stays eligible for a later attempt; a sent notice is never marked failed).
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export async function markNoticeSent(store: Store, id: number, at: string): Promise<void> {
  const result = await storeCall('journaling a sent notice', () =>
    store.db
      .updateTable('notices')
      .set({ state: 'sent', sentAt: at, lastErrorCode: null })
      .where('id', '=', id)
      .executeTakeFirst(),
  );
  if (Number(result.numUpdatedRows) !== 1)
    throw new ReclaimError('NOT_FOUND', `no notice with id ${id} in the journal`);
}

export async function markNoticeFailed(store: Store, id: number, code: string): Promise<void> {
  await storeCall('journaling a failed notice', () =>
    store.db
      .updateTable('notices')
      .set({ state: 'failed', lastErrorCode: code })
      .where('id', '=', id)
      .where('state', '!=', 'sent')
      .execute(),
  );
}
