// `reclaim assess`: what discovery found, in the numbers that shape the campaign (identities per
// directory, enabled, privileged, synced and linked, never-expiring passwords, stale accounts), then
// the readiness findings (severity, count, sample, remedy) the report shows too.
import { Command } from 'commander';
import { loadCampaignIdentities } from '../../app/campaign/campaign-identities.ts';
import { campaignReadiness } from '../../app/campaign/campaign-readiness.ts';
import { latestTriage } from '../../app/campaign/record-triage.ts';
import { resolveCampaign } from '../../app/campaign/resolve-campaign.ts';
import { renderReadiness } from '../../core/readiness/render-readiness.ts';
import { printResult } from '../output.ts';
import { withApp, withCampaignOptions, type OperatorFlags } from './command-app.ts';

interface DirectoryAssessment {
  identities: number;
  enabled: number;
  privileged: number;
  linked: number;
  passwordNeverExpires: number;
  serviceLike: number;
  noPasswordChange90Days: number;
}

export function assessCommand(): Command {
  return withCampaignOptions(new Command('assess').description('summarise the discovered population and its readiness findings (read-only)')).action(async (flags: OperatorFlags, command: Command) => {
    const result = await withApp(command, flags, async (app) => {
      const store = await app.store();
      const campaign = await resolveCampaign(store, flags.campaign);
      const identities = await loadCampaignIdentities(store, campaign.id);
      const staleBefore = app.clock.now().getTime() - 90 * 86_400_000;
      const byDirectory: Record<string, DirectoryAssessment> = {};
      for (const i of identities) {
        const d = (byDirectory[i.directory] ??= { identities: 0, enabled: 0, privileged: 0, linked: 0, passwordNeverExpires: 0, serviceLike: 0, noPasswordChange90Days: 0 });
        d.identities++;
        if (i.enabled) d.enabled++;
        if (i.privileged.length > 0) d.privileged++;
        if (i.linkedTo) d.linked++;
        if (i.passwordNeverExpires) d.passwordNeverExpires++;
        if (i.servicePrincipalNames.length > 0 || /^svc[-_]/i.test(i.name)) d.serviceLike++;
        if (i.passwordLastSetAt !== null && Date.parse(i.passwordLastSetAt) < staleBefore) d.noPasswordChange90Days++;
      }
      const triage = await latestTriage(app, campaign.id);
      return { campaignId: campaign.id, byDirectory, readiness: campaignReadiness(app, identities, triage?.assurance.value) };
    });
    printResult(result, flags.json, (r) =>
      [`campaign ${r.campaignId}`, ...Object.entries(r.byDirectory).map(([id, d]) => `  ${id}: ${d.identities} identities, ${d.enabled} enabled, ${d.privileged} privileged, ${d.linked} linked, ${d.passwordNeverExpires} never-expiring, ${d.serviceLike} service-like, ${d.noPasswordChange90Days} unchanged for 90+ days`), '', 'Readiness', renderReadiness(r.readiness)].join('\n'),
    );
  });
}
