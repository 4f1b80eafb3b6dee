// Which campaign a command acts on: the one named with --campaign, or else the most recent one
// that is not finished. Refuses clearly when there is none.
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { CampaignRow } from '../../store/campaigns/create-campaign.ts';
import { findCampaign } from '../../store/campaigns/find-campaign.ts';
import type { Store } from '../../store/open-store.ts';

export async function resolveCampaign(store: Store, id?: string): Promise<CampaignRow> {
  const row = await findCampaign(store, id);
  if (!row) {
    throw new ReclaimError(
      'NOT_FOUND',
      id
        ? `No campaign ${id} in the store`
        : 'No open campaign in the store: start one with `reclaim triage --answers FILE`',
    );
  }
  return row;
}
