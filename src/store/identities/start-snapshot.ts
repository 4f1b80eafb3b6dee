// A snapshot is one discovery run over one directory; identities belong to it.
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export async function startSnapshot(
  store: Store,
  input: { directory: string; campaignId?: string; now: Date },
): Promise<number> {
  return storeCall('starting a discovery snapshot', async () => {
    const row = await store.db
      .insertInto('snapshots')
      .values({
        directory: input.directory,
        campaignId: input.campaignId ?? null,
        startedAt: input.now.toISOString(),
        finishedAt: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
}
