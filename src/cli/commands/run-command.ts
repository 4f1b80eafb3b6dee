// `reclaim run`: starts the due waves (or --wave N, --all-waves) and runs the engine until every
// action has an outcome. Progress bars on a terminal, NDJSON with --json. Ctrl-C stops gracefully
// (exit 130, `reclaim run` resumes); exit 3 when some identities failed.
import { Command } from 'commander';
import { runCampaign, type RunCampaignResult } from '../../app/campaign/run-campaign.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { EXIT } from '../exit-codes.ts';
import { ExitError } from '../exit-error.ts';
import { info, printEvent, printResult } from '../output.ts';
import { renderWaveSchedule } from '../render-wave-schedule.ts';
import { interruptSignals } from '../progress/interrupt-signals.ts';
import { runProgress } from '../progress/run-progress.ts';
import { confirmWrites, withApp, withCampaignOptions, type OperatorFlags } from './command-app.ts';
import { plural } from '../../core/plural.ts';

export function renderRun(r: RunCampaignResult): string {
  const c = r.counts;
  return [
    `campaign ${r.campaignId}: waves ${r.waves.join(', ') || '(none new)'}; stopped: ${r.summary.stoppedBy}` +
      `${r.summary.refusal ? ` (${r.summary.refusal.code}: ${r.summary.refusal.message})` : ''}`,
    `  this run: ${r.summary.applied} applied, ${r.summary.failed} failed, ${r.summary.retries} retries`,
    `  campaign: ${c.applied + c.verified} applied, ${c.failed} failed, ${c.planned + c.claimed} waiting, ${c.skipped} skipped`,
    ...(r.tasksOpened > 0
      ? [
          `  ${plural(r.tasksOpened, 'manual task')} opened (privileged resets, service account rotations)` +
            `: assign them with \`reclaim tasks assign\` (see \`reclaim tasks list\`)`,
        ]
      : []),
    ...renderWaveSchedule(r.schedule),
  ].join('\n');
}

export function exitForRun(r: RunCampaignResult, interrupted: boolean): void {
  if (interrupted || r.summary.stoppedBy === 'signal' || r.summary.stoppedBy === 'forced')
    throw new ExitError(EXIT.INTERRUPTED, 'interrupted: state saved; `reclaim run` resumes');
  if (r.summary.stoppedBy === 'kill-switch')
    throw new ExitError(
      EXIT.REFUSED,
      'stopped by the kill switch; `reclaim resume` releases it',
      'KILL_SWITCH_ENGAGED',
    );
  if (r.summary.stoppedBy === 'refused')
    throw new ReclaimError(
      (r.summary.refusal?.code ?? 'UNEXPECTED') as 'PLAN_NOT_APPROVED',
      r.summary.refusal?.message ?? 'refused',
    );
  if (r.counts.failed > 0)
    throw new ExitError(
      EXIT.SOME_IDENTITIES_FAILED,
      `${plural(r.counts.failed, 'action')} failed: see \`reclaim status\``,
    );
}

export function runCommand(): Command {
  return withCampaignOptions(
    new Command('run').description('run the approved plan: apply the due waves through the engine'),
  )
    .option('--wave <n...>', 'start these waves (default: every wave whose start time has come)')
    .option('--all-waves', 'start every wave now')
    .option('--yes', 'confirm: this changes directories')
    .action(async (flags: OperatorFlags & { wave?: string[]; allWaves?: boolean; yes?: boolean }, command: Command) => {
      const waves = flags.wave?.map((w) => {
        const n = Number(w);
        if (!Number.isInteger(n) || n < 1)
          throw new ReclaimError('USAGE_INVALID', `--wave: "${w}" is not a wave number`);
        return n;
      });
      if (
        !confirmWrites(
          flags,
          `run ${flags.allWaves ? 'every wave' : waves ? `wave ${waves.join(', ')}` : 'the due waves'}`,
        )
      )
        return;
      const signals = interruptSignals(info);
      const progress = runProgress({ json: flags.json });
      try {
        const result = await withApp(command, flags, (app) =>
          runCampaign(app, {
            ...(flags.campaign ? { campaignId: flags.campaign } : {}),
            ...(waves ? { waves } : {}),
            ...(flags.allWaves ? { allWaves: true } : {}),
            signal: signals.graceful,
            force: signals.force,
            onStart: (s) => progress.start(s.total),
            onEvent: (e) => progress.event(e),
          }),
        );
        progress.stop();
        if (flags.json) printEvent({ type: 'result', ...result });
        else printResult(result, false, renderRun);
        exitForRun(result, signals.interrupted());
      } finally {
        signals.dispose();
      }
    });
}
