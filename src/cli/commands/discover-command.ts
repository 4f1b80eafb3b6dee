// `reclaim discover`: streams every configured directory into a snapshot and links synced people.
import { Command } from 'commander';
import { discoverDirectories } from '../../app/campaign/discover-directories.ts';
import { info, printResult } from '../output.ts';
import { withApp, withCampaignOptions, type OperatorFlags } from './command-app.ts';
import { plural } from '../../core/plural.ts';

export function discoverCommand(): Command {
  return withCampaignOptions(
    new Command('discover').description('read every configured directory into a snapshot (read-only)'),
  ).action(async (flags: OperatorFlags, command: Command) => {
    let last = 0;
    const result = await withApp(command, flags, (app) =>
      discoverDirectories(app, {
        ...(flags.campaign ? { campaignId: flags.campaign } : {}),
        onPage: (directory, total) => {
          if (Date.now() - last > 1000) {
            last = Date.now();
            info(`discover: ${directory}: ${plural(total, 'identity', 'identities')}`);
          }
        },
      }),
    );
    printResult(result, flags.json, (r) =>
      [
        `campaign ${r.campaignId}`,
        ...r.directories.map(
          (d) =>
            `  ${d.directory} (${d.kind}): ${plural(d.identities, 'identity', 'identities')}` +
            `${d.kind === 'entra' ? `, ${d.linked} linked to AD` : ''} (snapshot ${d.snapshotId})`,
        ),
      ].join('\n'),
    );
  });
}
