// `reclaim tasks fail TASK --note TEXT`: the assignee reports the task could not be done, and why.
// The task stays unverified (listed as missed by `reclaim verify`) until reassigned and done. Only
// the assignee, proven (--login or RECLAIM_OPERATOR_TOKEN). A store write only: no --yes.
import { Command } from 'commander';
import { claimManualTask } from '../../app/tasks/claim-manual-task.ts';
import { printResult } from '../output.ts';
import { withApp, withCampaignOptions, type OperatorFlags } from './command-app.ts';
import { parseTaskId, renderTask } from './tasks-render.ts';

export function tasksFailCommand(): Command {
  return withCampaignOptions(
    new Command('fail').description(
      'report a task you were assigned as impossible to do, with the reason (proven with --login or RECLAIM_OPERATOR_TOKEN)',
    ),
  )
    .argument('<task>', 'the task number (see `reclaim tasks list`)')
    .requiredOption('--note <text>', 'why it could not be done')
    .action(async (id: string, flags: OperatorFlags & { note: string }, command: Command) => {
      const result = await withApp(command, flags, (app) =>
        claimManualTask(app, {
          ...(flags.campaign ? { campaignId: flags.campaign } : {}),
          taskId: parseTaskId(id),
          outcome: 'failed',
          note: flags.note,
          source: 'cli',
        }),
      );
      printResult(result, flags.json, (r) => [`task ${r.task.id} reported failed`, renderTask(r.task)].join('\n'));
    });
}
