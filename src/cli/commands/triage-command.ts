// `reclaim triage --answers FILE.yaml`: records the incident commander's answers and the decision.
import { Command } from 'commander';
import { recordTriage } from '../../app/campaign/record-triage.ts';
import { parseTriageAnswersFile } from '../../app/triage/parse-triage-answers.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { renderTriage } from '../../core/triage/render-triage.ts';
import { printResult } from '../output.ts';
import { withApp, withCampaignOptions, type OperatorFlags } from './command-app.ts';

export function triageCommand(): Command {
  return withCampaignOptions(new Command('triage').description('record the triage answers and the decision drawn from them (opens a campaign)'))
    .option('--answers <file>', 'a YAML answers file (see examples/triage-answers.yaml)')
    .option('--name <name>', 'name of the new campaign')
    .action(async (flags: OperatorFlags & { answers?: string; name?: string }, command: Command) => {
      if (!flags.answers) throw new ReclaimError('USAGE_INVALID', 'give the answers with --answers FILE.yaml (interactive triage is not available in this version)');
      const parsed = parseTriageAnswersFile(flags.answers);
      const { answeredBy, ...answers } = parsed;
      const result = await withApp(command, flags, (app) =>
        recordTriage(app, { answers, ...(answeredBy ? { answeredBy } : {}), ...(flags.campaign ? { campaignId: flags.campaign } : {}), ...(flags.name ? { name: flags.name } : {}) }),
      );
      printResult(result, flags.json, (r) => `campaign ${r.campaignId}${r.created ? ' (new)' : ''}\n${renderTriage(r.decision)}`);
    });
}
