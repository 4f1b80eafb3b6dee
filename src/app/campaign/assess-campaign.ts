// `reclaim assess`: what discovery found, in the numbers that shape the campaign (identities per
// directory, enabled, privileged, synced and linked, never-expiring passwords, service accounts,
// stale passwords), then the readiness findings the report shows too. Service accounts are counted
// with the rule readiness and planning use (issue 15: assess had a rule of its own).
import type { Identity } from '../../core/identity.ts';
import type { ReadinessFinding } from '../../core/readiness/assess-readiness.ts';
import { isServiceAccount } from '../../core/readiness/readiness-checks.ts';
import type { App } from '../create-app.ts';
import { loadCampaignIdentities } from './campaign-identities.ts';
import { campaignReadiness } from './campaign-readiness.ts';
import { protectionRules } from './campaign-settings.ts';
import { latestTriage } from './record-triage.ts';
import { resolveCampaign } from './resolve-campaign.ts';

export interface DirectoryAssessment {
  identities: number;
  enabled: number;
  privileged: number;
  linked: number;
  passwordNeverExpires: number;
  /** service accounts by the configured rules (SPN, managed, OU, name pattern, inventory) */
  serviceLike: number;
  noPasswordChange90Days: number;
}

export interface CampaignAssessment {
  campaignId: string;
  byDirectory: Record<string, DirectoryAssessment>;
  readiness: ReadinessFinding[];
}

export async function assessCampaign(
  app: App,
  input: { campaignId?: string | undefined },
): Promise<CampaignAssessment> {
  const store = await app.store();
  const campaign = await resolveCampaign(store, input.campaignId);
  const identities: Identity[] = await loadCampaignIdentities(store, campaign.id);
  const rules = protectionRules(app.config);
  const staleBefore = app.clock.now().getTime() - 90 * 86_400_000;
  const byDirectory: Record<string, DirectoryAssessment> = {};
  for (const i of identities) {
    const d = (byDirectory[i.directory] ??= {
      identities: 0,
      enabled: 0,
      privileged: 0,
      linked: 0,
      passwordNeverExpires: 0,
      serviceLike: 0,
      noPasswordChange90Days: 0,
    });
    d.identities++;
    if (i.enabled) d.enabled++;
    if (i.privileged.length > 0) d.privileged++;
    if (i.linkedTo) d.linked++;
    if (i.passwordNeverExpires) d.passwordNeverExpires++;
    if (isServiceAccount(i, rules)) d.serviceLike++;
    if (i.passwordLastSetAt !== null && Date.parse(i.passwordLastSetAt) < staleBefore) d.noPasswordChange90Days++;
  }
  const triage = await latestTriage(app, campaign.id);
  return {
    campaignId: campaign.id,
    byDirectory,
    readiness: campaignReadiness(app, identities, triage?.assurance.value),
  };
}
