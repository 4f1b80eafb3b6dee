// `reclaim notify`: sends the notices the campaign's waves owe now (announcement, latest reminder,
// final warning; 'disabled' after enforcement). A dry run unless --yes: it says how many would go
// and previews the first. Resumable: run it again and only what was not sent goes out.
import { Command, Option } from 'commander';
import { notifyCampaign, type NotifyResult } from '../../app/notices/notify-campaign.ts';
import type { NoticeKind } from '../../notify/notice-request.ts';
import { noticeKinds } from '../../notify/notice-request.ts';
import { EXIT } from '../exit-codes.ts';
import { ExitError } from '../exit-error.ts';
import { info, printResult } from '../output.ts';
import { interruptSignals } from '../progress/interrupt-signals.ts';
import { withApp, withCampaignOptions, type OperatorFlags } from './command-app.ts';

interface NotifyFlags extends OperatorFlags {
  kind?: NoticeKind[];
  yes?: boolean;
}

export function renderNotify(r: NotifyResult): string {
  const kinds =
    Object.entries(r.byKind)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ') || 'none';
  const lines = [`campaign ${r.campaignId}: ${r.due} notices due, ${r.alreadySent} already sent, to send: ${kinds}`];
  if (r.missingIdentities > 0)
    lines.push(`  ${r.missingIdentities} people owed a notice are missing from the latest discovery (not sent)`);
  if (r.preview)
    lines.push(
      'to' in r.preview
        ? `  first: to ${r.preview.to} (${r.preview.channel}): "${r.preview.subject}"`
        : `  first: cannot be sent: ${r.preview.code}: ${r.preview.reason}`,
    );
  if (r.dryRun) lines.push('  dry run: nothing was sent; add --yes to send.');
  if (r.counts)
    lines.push(`  sent ${r.counts.sent}, failed ${r.counts.failed}, not attempted ${r.counts['not-attempted']}`);
  for (const f of r.failures.slice(0, 20))
    lines.push(`  failed: ${f.identityKey} (${f.kind}): ${f.code}: ${f.message}`);
  if (r.failures.length > 20) lines.push(`  ... and ${r.failures.length - 20} more failures (--json lists them all)`);
  if (r.stopped) lines.push(`  stopped: ${r.stopped.code}: ${r.stopped.message}; run again to resume`);
  return lines.join('\n');
}

export function notifyCommand(): Command {
  return withCampaignOptions(
    new Command('notify').description(
      "send the user notices that are due for the campaign's waves (dry run unless --yes)",
    ),
  )
    .addOption(new Option('--kind <kind...>', 'only these kinds').choices([...noticeKinds]))
    .option('--yes', 'send (without it: a dry run)')
    .action(async (flags: NotifyFlags, command: Command) => {
      const signals = interruptSignals(info);
      try {
        const result = await withApp(command, flags, (app) =>
          notifyCampaign(app, {
            ...(flags.campaign ? { campaignId: flags.campaign } : {}),
            ...(flags.kind ? { kinds: flags.kind } : {}),
            send: flags.yes === true,
            signal: signals.graceful,
            onOutcome: (_o, done, total) => {
              if (done === total || done % 25 === 0) info(`notices: ${done}/${total}`);
            },
          }),
        );
        printResult(result, flags.json, renderNotify);
        if (signals.interrupted()) throw new ExitError(EXIT.INTERRUPTED);
        if (result.failures.length > 0 || result.stopped) throw new ExitError(EXIT.SOME_IDENTITIES_FAILED);
      } finally {
        signals.dispose();
      }
    });
}
