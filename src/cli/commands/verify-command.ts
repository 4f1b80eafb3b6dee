// `reclaim verify`: re-reads every in-scope identity; lists every account missed; exit 3 if any.
import { Command } from 'commander';
import { verifyPlan } from '../../app/campaign/verify-plan.ts';
import { verifyMissedPages, verifyResetPages } from '../../app/campaign/verify-findings.ts';
import { renderPerDc } from '../../app/campaign/verify-per-dc.ts';
import { plural } from '../../core/plural.ts';
import { EXIT } from '../exit-codes.ts';
import { ExitError } from '../exit-error.ts';
import { info, PagedList, printLongResult } from '../output.ts';
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
          // the answer lists every person not verified yet (everyone, in a must-change campaign, until
          // they change): read back from the run's findings in the store and written a person at a
          // time as stdout drains, never held whole
          const store = await app.store();
          const { campaignId, t0, checked, changed, tasks, perDc } = result;
          const shown = {
            campaignId,
            t0,
            checked,
            changed,
            reset: new PagedList(() => verifyResetPages(store, result.runId)),
            missed: new PagedList(() => verifyMissedPages(store, result.runId)),
            tasks,
            perDc,
          };
          await printLongResult(shown, flags.json, async function* (r) {
            yield `campaign ${r.campaignId}, T0 ${r.t0}: ${r.checked} checked, ${r.changed} changed by their owner, ` +
              `${result.reset} reset by Reclaim and awaiting their owner, ` +
              `${result.missed} missed`;
            if (result.reset > 0)
              yield `  reset: the old password of these ${result.reset} no longer signs in (replaced after T0); ` +
                `each sets their own through the helpdesk (\`--json\` lists them)`;
            for await (const m of r.missed.items())
              yield `  MISSED wave ${m.wave} ${m.directory}:${m.identity} (${m.treatment}): ${m.reason}${m.enabled === false ? ' [disabled]' : ''}`;
            if (r.perDc) yield* renderPerDc(r.perDc);
          });
          const notEverywhere = perDc?.directories.some((d) => d.dcs.some((c) => c.shows < d.checked)) ?? false;
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
