// `reclaim triage [--answers FILE.yaml]`: records the incident commander's answers and the decision.
// Without a file it asks the questions on the terminal (or, with --interactive, reads the replies
// from stdin, one a line).
import { Command } from 'commander';
import { recordTriage } from '../../app/campaign/record-triage.ts';
import { parseTriageAnswersFile } from '../../app/triage/parse-triage-answers.ts';
import { readCompromisedCsv } from '../../app/triage/read-compromised-csv.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { renderTriage } from '../../core/triage/render-triage.ts';
import { printResult } from '../output.ts';
import { askTriageAnswers } from '../triage-prompts.ts';
import { withApp, withCampaignOptions, type OperatorFlags } from './command-app.ts';

export function triageCommand(): Command {
  return withCampaignOptions(
    new Command('triage').description('record the triage answers and the decision drawn from them (opens a campaign)'),
  )
    .option('--answers <file>', 'a YAML answers file (see examples/triage-answers.yaml)')
    .option(
      '--interactive',
      'ask the questions even when stdin is not a terminal (replies read from stdin, one a line)',
    )
    .option('--name <name>', 'name of the new campaign')
    .option(
      '--new-campaign',
      "open a new campaign even when one is open (without it, triage amends the open campaign's decision)",
    )
    .option(
      '--compromised <file.csv>',
      'more known-compromised accounts, from a CSV file (a column account, name, upn or samaccountname, or the first column)',
    )
    .action(
      async (
        flags: OperatorFlags & {
          answers?: string;
          name?: string;
          interactive?: boolean;
          newCampaign?: boolean;
          compromised?: string;
        },
        command: Command,
      ) => {
        if (!flags.answers && !flags.interactive && !process.stdin.isTTY) {
          throw new ReclaimError(
            'USAGE_INVALID',
            'give the answers with --answers FILE.yaml: stdin is not a terminal to ask them on (or add --interactive to read the replies from stdin)',
          );
        }
        const parsed = flags.answers
          ? parseTriageAnswersFile(flags.answers)
          : await askTriageAnswers(
              { input: process.stdin, output: process.stderr },
              flags.as ?? process.env.RECLAIM_OPERATOR ?? 'operator',
            );
        const { answeredBy, ...answers } = parsed;
        if (flags.compromised)
          answers.knownCompromisedAccounts = [
            ...answers.knownCompromisedAccounts,
            ...readCompromisedCsv(flags.compromised),
          ];
        const result = await withApp(command, flags, (app) =>
          recordTriage(app, {
            answers,
            ...(answeredBy ? { answeredBy } : {}),
            ...(flags.campaign ? { campaignId: flags.campaign } : {}),
            ...(flags.name ? { name: flags.name } : {}),
            ...(flags.newCampaign ? { newCampaign: true } : {}),
          }),
        );
        for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
        printResult(
          result,
          flags.json,
          (r) =>
            `campaign ${r.campaignId}${r.created ? ' (new)' : r.amended ? ' (decision amended; the previous one is kept in the audit log)' : ''}` +
            `\n${renderTriage(r.decision)}`,
        );
      },
    );
}
