// Closes a snapshot: records when discovery finished and how many identities it stored.
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export async function finishSnapshot(
  store: Store,
  input: { snapshotId: number; now: Date },
): Promise<{ count: number }> {
  return storeCall('finishing a discovery snapshot', async () => {
    const { count } = await store.db
      .selectFrom('identities')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('snapshotId', '=', input.snapshotId)
      .executeTakeFirstOrThrow();
    const updated = await store.db
      .updateTable('snapshots')
      .set({ finishedAt: input.now.toISOString(), count: Number(count) })
      .where('id', '=', input.snapshotId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new ReclaimError('NOT_FOUND', `No snapshot ${input.snapshotId}`);
    return { count: Number(count) };
  });
}
