// What the console shows of campaigns: the list, and a campaign's status with its failures grouped
// by cause and the helpdesk's activity.
import { campaignStatus } from '../campaign/campaign-status.ts';
import type { App } from '../create-app.ts';
import { failuresByCause } from '../../store/actions/failures-by-cause.ts';
import { listCampaigns as listStoredCampaigns } from '../../store/campaigns/list-campaigns.ts';
import { countVerifications } from '../../store/helpdesk/count-verifications.ts';

export async function listCampaigns(app: App) {
  return listStoredCampaigns(await app.store());
}

export async function consoleStatus(app: App, campaignId: string) {
  const status = await campaignStatus(app, { campaignId, failuresLimit: 50 });
  const store = await app.store();
  return {
    ...status,
    failureCauses: await failuresByCause(store, status.campaignId),
    helpdesk: { verifications: await countVerifications(store, status.campaignId) },
  };
}
