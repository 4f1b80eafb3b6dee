// `reclaim approve --login ACCOUNT` (or RECLAIM_OPERATOR_TOKEN): a second, proven operator approves the current plan version.
import { Command } from 'commander';
import { approvePlan } from '../../app/campaign/approve-plan.ts';
import { printResult } from '../output.ts';
import { withApp, withCampaignOptions, type OperatorFlags } from './command-app.ts';

export function approveCommand(): Command {
  return withCampaignOptions(
    new Command('approve').description('approve the current plan version as a second operator (not its author)'),
  )
    .option('--version <hash>', 'the plan version to approve (prefix of its hash; default: the latest)')
    .option('--comment <text>', 'a comment kept with the approval')
    .action(async (flags: OperatorFlags & { version?: string; comment?: string }, command: Command) => {
      const result = await withApp(command, flags, (app) =>
        approvePlan(app, {
          ...(flags.campaign ? { campaignId: flags.campaign } : {}),
          ...(flags.version ? { versionId: flags.version } : {}),
          ...(flags.comment ? { comment: flags.comment } : {}),
        }),
      );
      printResult(
        result,
        flags.json,
        (r) =>
          `plan version ${r.versionId.slice(0, 12)} of campaign ${r.campaignId} (by ${r.author}) approved by ${r.approvers.join(', ') || 'nobody yet'}`,
      );
    });
}
