// Counts failed console sign-ins and locks the account after too many, atomically (the counter
// is incremented in SQL, so parallel guesses cannot slip past the limit).
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';
import { inWriteTransaction } from '../write-transaction.ts';

export async function recordLoginFailure(
  store: Store,
  input: { operatorId: string; lockAfter: number; lockMs: number; now: Date },
): Promise<{ failedLogins: number; lockedUntil: string | null }> {
  return inWriteTransaction(store, 'recording a failed sign-in', async (trx) => {
    const row = await trx
      .updateTable('operators')
      .set((eb) => ({ failedLogins: eb('failedLogins', '+', 1) }))
      .where('id', '=', input.operatorId)
      .returning(['failedLogins', 'lockedUntil'])
      .executeTakeFirst();
    if (!row) throw new ReclaimError('NOT_FOUND', `No operator ${input.operatorId}`);
    const failedLogins = Number(row.failedLogins);
    if (failedLogins < input.lockAfter) return { failedLogins, lockedUntil: row.lockedUntil };
    const lockedUntil = new Date(input.now.getTime() + input.lockMs).toISOString();
    await trx.updateTable('operators').set({ lockedUntil }).where('id', '=', input.operatorId).execute();
    return { failedLogins, lockedUntil };
  });
}

export async function recordLoginSuccess(store: Store, operatorId: string): Promise<void> {
  await storeCall('recording a sign-in', () =>
    store.db.updateTable('operators').set({ failedLogins: 0, lockedUntil: null }).where('id', '=', operatorId).execute(),
  );
}
