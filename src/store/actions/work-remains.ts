// Whether a campaign (or some of its waves) still has work: an action planned (due later), claimed
// (by another worker), or failed but retryable.
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export async function workRemains(
  store: Store,
  campaignId: string,
  waveIds: readonly number[] | undefined,
): Promise<boolean> {
  const row = await storeCall('checking for remaining actions', () =>
    store.db
      .selectFrom('actions')
      .select('id')
      .where('campaignId', '=', campaignId)
      .$if(waveIds !== undefined && waveIds.length > 0, (q) => q.where('waveId', 'in', [...waveIds!]))
      .where((eb) =>
        eb.or([
          eb('state', 'in', ['planned', 'claimed']),
          eb.and([eb('state', '=', 'failed'), eb('failureRetryable', '=', 1)]),
        ]),
      )
      .limit(1)
      .executeTakeFirst(),
  );
  return row !== undefined;
}
