// `reclaim verify`: re-reads every in-scope identity; lists every account missed; exit 3 if any.
import { Command } from 'commander';
import { verifyPlan } from '../../app/campaign/verify-plan.ts';
import { renderPerDc } from '../../app/campaign/verify-per-dc.ts';
import { plural } from '../../core/plural.ts';
import { EXIT } from '../exit-codes.ts';
import { ExitError } from '../exit-error.ts';
import { info, printLongResult } from '../output.ts';
import { secondsOptionMs } from '../seconds-option.ts';
import { withApp, withCampaignOptions, type OperatorFlags } from './command-app.ts';

export function verifyCommand(): Command {
  return withCampaignOptions(
    new Command('verify').description(
      'check in the directories that no in-scope password from before T0 still works: changed by its owner, ' +
        'or reset by Reclaim and awaiting its owner (exit 3 lists the missed)',
    ),
  )
    .option('--wave <n...>', 'only these waves')
    .option(
      '--per-dc',
      'report per DC how many applied writes it shows (replication metadata) and the replication lag; ' +
        'with several DCs a write is verified only once every DC shows it, ' +
        'with or without this flag (exit 3 if a DC lacks one)',
    )
    .option('--per-dc-wait <seconds>', 'with --per-dc: how long to wait for DCs that do not show a write yet', '30')
    .action(
      async (flags: OperatorFlags & { wave?: string[]; perDc?: boolean; perDcWait?: string }, command: Command) => {
        const perDcWaitMs = secondsOptionMs('--per-dc-wait', flags.perDcWait);
        let last = 0;
        const result = await withApp(command, flags, (app) =>
          verifyPlan(app, {
            ...(flags.campaign ? { campaignId: flags.campaign } : {}),
            ...(flags.wave ? { waves: flags.wave.map(Number) } : {}),
            ...(flags.perDc ? { perDc: { waitMs: perDcWaitMs } } : {}),
            onProgress: (done, total) => {
              if (Date.now() - last > 2000 || done === total) {
                last = Date.now();
                info(`verify: ${done}/${total}`);
              }
            },
          }),
        );
        // the answer lists every person not verified yet (everyone, in a must-change campaign, until
        // they change): written a person at a time as stdout drains, never as one string
        await printLongResult(result, flags.json, function* (r) {
          yield `campaign ${r.campaignId}, T0 ${r.t0}: ${r.checked} checked, ${r.changed} changed by their owner, ` +
            `${r.reset.length} reset by Reclaim and awaiting their owner, ` +
            `${r.missed.length} missed`;
          if (r.reset.length > 0)
            yield `  reset: the old password of these ${r.reset.length} no longer signs in (replaced after T0); ` +
              `each sets their own through the helpdesk (\`--json\` lists them)`;
          for (const m of r.missed)
            yield `  MISSED wave ${m.wave} ${m.directory}:${m.identity} (${m.treatment}): ${m.reason}${m.enabled === false ? ' [disabled]' : ''}`;
          if (r.perDc) yield* renderPerDc(r.perDc);
        });
        const notEverywhere = result.perDc?.directories.some((d) => d.dcs.some((c) => c.shows < d.checked)) ?? false;
        if (result.missed.length > 0 || notEverywhere) {
          const missed = plural(result.missed.length, 'identity', 'identities');
          throw new ExitError(
            EXIT.SOME_IDENTITIES_FAILED,
            `${missed} missed${notEverywhere ? '; some DCs do not show every write yet' : ''}`,
          );
        }
      },
    );
}
