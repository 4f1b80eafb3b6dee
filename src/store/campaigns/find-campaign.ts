// The campaign a command acts on: the one with this id, or else the most recent one not finished
// (draft, active or paused); undefined when there is none.
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';
import type { CampaignRow } from './create-campaign.ts';

export async function findCampaign(store: Store, id?: string): Promise<CampaignRow | undefined> {
  return storeCall('finding the campaign', () => {
    let q = store.db.selectFrom('campaigns').selectAll();
    q = id ? q.where('id', '=', id) : q.where('status', 'in', ['draft', 'active', 'paused']);
    return q.orderBy('createdAt', 'desc').limit(1).executeTakeFirst();
  });
}
