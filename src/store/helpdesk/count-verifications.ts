// How many callers the helpdesk verified in a campaign (the console's helpdesk activity figure),
// through the store's reader (off the event loop on SQLite).
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export async function countVerifications(store: Store, campaignId: string): Promise<number> {
  const row = await storeCall('counting helpdesk verifications', () =>
    store.reader
      .selectFrom('helpdeskVerifications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('campaignId', '=', campaignId)
      .executeTakeFirst(),
  );
  return Number(row?.n ?? 0);
}
