// `reclaim verify`: re-reads every in-scope identity; lists every account missed; exit 3 if any.
import { Command } from 'commander';
import { verifyPlan } from '../../app/campaign/verify-plan.ts';
import { plural } from '../../core/plural.ts';
import { EXIT } from '../exit-codes.ts';
import { ExitError } from '../exit-error.ts';
import { info } from '../output.ts';
import { secondsOptionMs } from '../seconds-option.ts';
import { withApp, withCampaignOptions, type OperatorFlags } from './command-app.ts';
import { printVerifyResult } from './verify-render.ts';

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
        await withApp(command, flags, async (app) => {
          const result = await verifyPlan(app, {
            ...(flags.campaign ? { campaignId: flags.campaign } : {}),
            ...(flags.wave ? { waves: flags.wave.map(Number) } : {}),
            ...(flags.perDc ? { perDc: { waitMs: perDcWaitMs } } : {}),
            onProgress: (done, total) => {
              if (Date.now() - last > 2000 || done === total) {
                last = Date.now();
                info(`verify: ${done}/${total}`);
              }
            },
          });
          await printVerifyResult(await app.store(), result, flags.json);
          const notEverywhere = result.perDc?.directories.some((d) => d.dcs.some((c) => c.shows < d.checked)) ?? false;
          if (result.missed > 0 || notEverywhere) {
            const missed = plural(result.missed, 'identity', 'identities');
            throw new ExitError(
              EXIT.SOME_IDENTITIES_FAILED,
              `${missed} missed${notEverywhere ? '; some DCs do not show every write yet' : ''}`,
            );
          }
        });
      },
    );
}
