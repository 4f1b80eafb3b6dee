// `reclaim enforce`: at a wave's deadline, disable the accounts that did not change their
// password (exemptions with a reason), and re-enable those that changed since.
import { Command } from 'commander';
import { enforcePlan, type EnforceResult } from '../../app/campaign/enforce-plan.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { EXIT } from '../exit-codes.ts';
import { ExitError } from '../exit-error.ts';
import { printResult } from '../output.ts';
import { runProgress } from '../progress/run-progress.ts';
import { confirmWrites, withApp, withCampaignOptions, type OperatorFlags } from './command-app.ts';
import { plural } from '../../core/plural.ts';

export function enforceCommand(): Command {
  return withCampaignOptions(
    new Command('enforce').description(
      "disable accounts not changed by their wave's deadline; re-enable those changed since",
    ),
  )
    .option('--wave <n...>', 'only these waves (default: every wave)')
    .option('--ignore-deadline', 'enforce before the deadline (audited; for drills and the demo)')
    .option('--exempt <name=reason...>', 'keep an account enabled, with the reason (recorded)')
    .option('--yes', 'confirm: this changes directories')
    .action(
      async (
        flags: OperatorFlags & { wave?: string[]; ignoreDeadline?: boolean; exempt?: string[]; yes?: boolean },
        command: Command,
      ) => {
        const exempt = (flags.exempt ?? []).map((e) => {
          const at = e.indexOf('=');
          if (at <= 0 || at === e.length - 1)
            throw new ReclaimError('USAGE_INVALID', `--exempt: expected NAME=REASON, got "${e}"`);
          return { name: e.slice(0, at), reason: e.slice(at + 1) };
        });
        const input = {
          ...(flags.campaign ? { campaignId: flags.campaign } : {}),
          ...(flags.wave ? { waves: flags.wave.map(Number) } : {}),
          ...(flags.ignoreDeadline ? { ignoreDeadline: true } : {}),
          exempt,
        };
        if (!flags.yes) {
          // the preview, read from the directory, on a terminal or not; then the usual refusal off a terminal
          const preview = await withApp(command, flags, (app) => enforcePlan(app, { ...input, dryRun: true }));
          printResult(preview, flags.json, renderEnforce);
        }
        if (!confirmWrites(flags, 'disable the accounts that did not change their password')) return;
        const progress = runProgress({ json: flags.json });
        const result = await withApp(command, flags, (app) =>
          enforcePlan(app, { ...input, onEvent: (e) => progress.event(e) }),
        );
        progress.stop();
        printResult(result, flags.json, renderEnforce);
        if (result.summary && result.summary.failed > 0)
          throw new ExitError(
            EXIT.SOME_IDENTITIES_FAILED,
            `${plural(result.summary.failed, 'enforcement action')} failed: see \`reclaim status\``,
          );
      },
    );
}

function renderEnforce(r: EnforceResult): string {
  const would = r.dryRun ? 'would be ' : '';
  return [
    `${r.dryRun ? 'preview: ' : ''}campaign ${r.campaignId}, waves ${r.waves.join(', ')}: ` +
      `${r.compliant} changed, ${r.disabled.length} ${would}disabled, ${r.exempt.length} exempt, ` +
      `${r.reenabled.length} ${would}re-enabled, ${r.unlinked.length} ${would}unlinked from the short-age password policy, ` +
      `${r.alreadyDisabled.length} already disabled`,
    ...r.disabled.map((n) => `  ${would}disabled ${n}`),
    ...r.exempt.map((n) => `  exempt ${n}`),
    ...r.reenabled.map((n) => `  ${would}re-enabled ${n}`),
    ...r.unlinked.map((n) => `  ${would}unlinked ${n}`),
  ].join('\n');
}
