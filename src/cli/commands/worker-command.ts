// `reclaim worker`: one more engine process on the same campaign (PostgreSQL store: any number, on
// any machine; claims use FOR UPDATE SKIP LOCKED). It executes the actions `reclaim run` planned,
// polling until interrupted (or, with --until-done, until nothing is left).
import { Command } from 'commander';
import { executeDueActions } from '../../app/campaign/run-campaign.ts';
import { resolveCampaign } from '../../app/campaign/resolve-campaign.ts';
import { EXIT } from '../exit-codes.ts';
import { ExitError } from '../exit-error.ts';
import { info, printEvent, printResult } from '../output.ts';
import { interruptSignals } from '../progress/interrupt-signals.ts';
import { runProgress } from '../progress/run-progress.ts';
import { confirmWrites, withApp, withCampaignOptions, type OperatorFlags } from './command-app.ts';

export function workerCommand(): Command {
  return withCampaignOptions(
    new Command('worker').description("an extra engine process executing the campaign's actions"),
  )
    .option('--until-done', 'exit when no action is left instead of polling')
    .option('--yes', 'confirm: this changes directories')
    .action(async (flags: OperatorFlags & { untilDone?: boolean; yes?: boolean }, command: Command) => {
      if (!confirmWrites(flags, "work on the campaign's actions")) return;
      const signals = interruptSignals(info);
      const progress = runProgress({ json: flags.json });
      try {
        const summary = await withApp(command, flags, async (app) => {
          const campaign = await resolveCampaign(await app.store(), flags.campaign);
          return executeDueActions(app, campaign.id, {
            untilDone: flags.untilDone === true,
            signal: signals.graceful,
            force: signals.force,
            onEvent: (e) => progress.event(e),
          });
        });
        progress.stop();
        if (flags.json) printEvent({ type: 'result', ...summary });
        else
          printResult(
            summary,
            false,
            (s) => `worker: ${s.applied} applied, ${s.failed} failed, ${s.retries} retries; stopped: ${s.stoppedBy}`,
          );
        if (signals.interrupted()) throw new ExitError(EXIT.INTERRUPTED, 'interrupted: leases given back');
      } finally {
        signals.dispose();
      }
    });
}
