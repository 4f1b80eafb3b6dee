// Extends the leases a worker still holds. Returns the ids renewed; any id missing from the
// answer was lost (expired and taken by another worker) and must not be written to.
import type { Store } from '../open-store.ts';
import { inWriteTransaction } from '../write-transaction.ts';

export async function renewLease(
  store: Store,
  input: { ids: readonly number[]; owner: string; leaseMs: number; now: Date },
): Promise<number[]> {
  if (input.ids.length === 0) return [];
  const leaseExpiresAt = new Date(input.now.getTime() + input.leaseMs).toISOString();
  return inWriteTransaction(store, `renewing leases of ${input.owner}`, async (trx) => {
    const rows = await trx
      .updateTable('actions')
      .set({ leaseExpiresAt })
      .where('id', 'in', [...input.ids])
      .where('state', '=', 'claimed')
      .where('leaseOwner', '=', input.owner)
      .returning('id')
      .execute();
    return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  });
}
