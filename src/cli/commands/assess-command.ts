// `reclaim assess`: the discovered population in numbers, then the readiness findings (severity,
// count, sample, remedy) the report shows too. Read-only.
import { Command } from 'commander';
import { assessCampaign } from '../../app/campaign/assess-campaign.ts';
import { renderReadiness } from '../../core/readiness/render-readiness.ts';
import { printResult } from '../output.ts';
import { withApp, withCampaignOptions, type OperatorFlags } from './command-app.ts';
import { plural } from '../../core/plural.ts';

export function assessCommand(): Command {
  return withCampaignOptions(
    new Command('assess').description('summarise the discovered population and its readiness findings (read-only)'),
  ).action(async (flags: OperatorFlags, command: Command) => {
    const result = await withApp(command, flags, (app) => assessCampaign(app, { campaignId: flags.campaign }));
    printResult(result, flags.json, (r) =>
      [
        `campaign ${r.campaignId}`,
        ...Object.entries(r.byDirectory).map(
          ([id, d]) =>
            `  ${id}: ${plural(d.identities, 'identity', 'identities')}, ${d.enabled} enabled, ${d.privileged} privileged, ` +
            `${d.linked} linked, ${d.passwordNeverExpires} never-expiring, ${plural(d.serviceLike, 'service account')}, ` +
            `${d.noPasswordChange90Days} unchanged for 90+ days`,
        ),
        '',
        'Readiness',
        renderReadiness(r.readiness),
      ].join('\n'),
    );
  });
}
