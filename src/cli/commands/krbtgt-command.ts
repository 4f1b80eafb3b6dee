// `reclaim krbtgt status|reset`: the krbtgt double reset on its timer.
import { Command } from 'commander';
import { krbtgtReset, krbtgtStatus, type KrbtgtStatus } from '../../app/campaign/krbtgt-steps.ts';
import { EXIT } from '../exit-codes.ts';
import { ExitError } from '../exit-error.ts';
import { printResult } from '../output.ts';
import { secondsOptionMs } from '../seconds-option.ts';
import { confirmWrites, withApp, withCampaignOptions, type OperatorFlags } from './command-app.ts';
import { plural } from '../../core/plural.ts';

export function krbtgtCommand(): Command {
  const krbtgt = new Command('krbtgt').description('the krbtgt double reset');
  withCampaignOptions(krbtgt.command('status').description('which reset is next, and when the second is safe')).action(
    async (flags: OperatorFlags, command: Command) => {
      const status = await withApp(command, flags, (app) =>
        krbtgtStatus(app, { ...(flags.campaign ? { campaignId: flags.campaign } : {}) }),
      );
      printResult(status, flags.json, renderKrbtgtStatus);
    },
  );
  withCampaignOptions(krbtgt.command('reset').description('the next reset: the first, or the second once it is safe'))
    .option('--early', 'the second reset before it is safe (needs a second approver of the plan)')
    .option(
      '--replication-wait <seconds>',
      "several DCs: how long the second reset waits for every DC to hold the first one's key",
      '60',
    )
    .option('--yes', 'confirm: this changes the directory')
    .action(
      async (flags: OperatorFlags & { early?: boolean; yes?: boolean; replicationWait?: string }, command: Command) => {
        if (!confirmWrites(flags, 'reset krbtgt')) return;
        const result = await withApp(command, flags, (app) =>
          krbtgtReset(app, {
            ...(flags.campaign ? { campaignId: flags.campaign } : {}),
            ...(flags.early ? { early: true } : {}),
            replicationWaitMs: secondsOptionMs('--replication-wait', flags.replicationWait),
          }),
        );
        printResult(result, flags.json, (r) =>
          r.step === null
            ? 'both krbtgt resets are done'
            : `krbtgt reset ${r.step} of ${r.accounts.join(', ')}` +
              `${r.retried?.length ? ` (tried again: ${r.retried.join(', ')})` : ''}` +
              `: ${r.summary?.applied ?? 0} applied, ${r.summary?.failed ?? 0} failed`,
        );
        const failures = result.failures ?? [];
        if (failures.length > 0) {
          const lines = failures.map(
            (f) =>
              `  ${f.directory}:${f.name}: ${f.code ?? 'failed'}${f.retrying ? ' (the engine retries it)' : ''} - ${f.message ?? ''}`,
          );
          throw new ExitError(
            EXIT.SOME_IDENTITIES_FAILED,
            [
              `krbtgt reset ${result.step} failed for ${plural(failures.length, 'account')}:`,
              ...lines,
              'fix the cause (e.g. bind an account with rights on krbtgt), ' +
                'then run `reclaim krbtgt reset --yes` again: it retries the same step and reads the key version first, ' +
                'so a key is never rolled twice',
            ].join('\n'),
          );
        }
      },
    );
  return krbtgt;
}

function renderKrbtgtStatus(s: KrbtgtStatus): string {
  if (s.accounts.length === 0) return 'the plan has no krbtgt double reset';
  const approvedBy = s.approvers.join(', ') || 'nobody';
  const early = s.earlySecondAllowed
    ? `allowed with --early (the plan has two approvers: ${approvedBy})`
    : `refused: it needs --early and a second approver of the plan (approved by ${approvedBy})`;
  return s.accounts
    .map((a) => {
      const second =
        a.secondAppliedAt !== null
          ? `applied ${a.secondAppliedAt}`
          : a.secondSafeAt === null
            ? `${a.secondWaitHours} h after the first reset`
            : a.secondSafeNow
              ? `safe now (since ${a.secondSafeAt})`
              : `safe from ${a.secondSafeAt}; earlier is ${early}`;
      const lines = [
        `${a.directory}:${a.name}: next ${a.next}`,
        `  first reset:  ${a.firstAppliedAt ? `applied ${a.firstAppliedAt}` : a.states.step1}`,
        ...(a.failure ? [`  last failure: ${a.failure.code ?? 'failed'} - ${a.failure.message ?? ''}`] : []),
        `  second reset: ${second}`,
        `    why the wait: ${a.secondWhy}`,
      ];
      if (a.keyPerDc)
        lines.push(
          `  key version per DC: ${a.keyPerDc.map((d) => `${d.url} ${d.kvno ?? `unreadable (${d.error})`}`).join(', ')}`,
        );
      return lines.join('\n');
    })
    .join('\n');
}
