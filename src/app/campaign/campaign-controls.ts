// `reclaim pause`, `resume` and `abort`. Pause engages the kill switch (every engine stops writing
// within a second, see engine/kill-switch-gate.ts); resume releases it; abort engages it for good
// and closes the campaign. Each is audited with the operator's name in the same transaction.
import { setKillSwitch } from '../../store/campaigns/kill-switch.ts';
import { setCampaignStatus } from '../../store/campaigns/set-campaign-status.ts';
import type { App } from '../create-app.ts';
import { resolveCampaign } from './resolve-campaign.ts';

export type CampaignControl = 'pause' | 'resume' | 'abort';

export async function controlCampaign(
  app: App,
  input: { control: CampaignControl; campaignId?: string; reason?: string },
): Promise<{ campaignId: string; status: string; killSwitch: boolean }> {
  const store = await app.store();
  const campaign = await resolveCampaign(store, input.campaignId);
  const now = app.clock.now();
  const engaged = input.control !== 'resume';
  await setKillSwitch(store, {
    campaignId: campaign.id,
    engaged,
    by: app.operator,
    source: 'cli',
    now,
    ...(input.reason ? { reason: input.reason } : {}),
  });
  let status = campaign.status;
  if (input.control === 'pause' && campaign.status === 'active') status = 'paused';
  if (input.control === 'resume' && campaign.status === 'paused') status = 'active';
  if (input.control === 'abort') status = 'aborted';
  if (status !== campaign.status) await setCampaignStatus(store, { campaignId: campaign.id, status, now });
  return { campaignId: campaign.id, status, killSwitch: engaged };
}
