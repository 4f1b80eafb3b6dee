// The campaigns, newest first (the console's campaign picker).
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export interface CampaignListing {
  id: string;
  name: string;
  status: string;
  t0: string | null;
  createdAt: string;
  killSwitch: boolean;
}

export async function listCampaigns(store: Store, limit = 100): Promise<CampaignListing[]> {
  const rows = await storeCall('listing campaigns', () =>
    store.db
      .selectFrom('campaigns')
      .select(['id', 'name', 'status', 't0', 'createdAt', 'killSwitch'])
      .orderBy('createdAt', 'desc')
      .limit(limit)
      .execute(),
  );
  return rows.map((r) => ({ ...r, killSwitch: Number(r.killSwitch) === 1 }));
}
