// A campaign with one wave in a real store, for the notice journal's rows to point at.
import { createCampaign } from '../../../src/store/campaigns/create-campaign.ts';
import type { Store } from '../../../src/store/open-store.ts';
import { insertWaves } from '../../../src/store/plans/insert-waves.ts';
import { savePlanVersion } from '../../../src/store/plans/save-plan-version.ts';

let counter = 0;

export async function aCampaignWithWave(store: Store): Promise<{ campaignId: string; waveId: number }> {
  counter += 1;
  const campaignId = `notify-${process.pid}-${counter}`;
  const now = new Date('2026-11-26T08:00:00.000Z');
  await createCampaign(store, { id: campaignId, name: `Notices ${counter}`, createdBy: 'alice', now });
  const { versionId } = await savePlanVersion(store, {
    planId: `${campaignId}-plan`,
    campaignId,
    name: 'plan',
    body: { waves: 1 },
    createdBy: 'alice',
    now,
  });
  const [waveId] = await insertWaves(store, versionId, [
    { ordinal: 1, name: 'Finance', startsAt: now, deadlineAt: new Date('2026-11-29T16:00:00.000Z'), size: 10 },
  ]);
  return { campaignId, waveId: waveId as number };
}
