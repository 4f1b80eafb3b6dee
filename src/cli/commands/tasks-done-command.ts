// `reclaim tasks done TASK [--note TEXT]`: the assignee reports the task done. A claim, not a proof:
// the task is verified only when `reclaim tasks verify` (or `reclaim verify`) reads the change in the
// directory. Only the assignee, proven (--login or RECLAIM_OPERATOR_TOKEN), may claim it. A store
// write only (the task and the audit log): no --yes.
import { Command } from 'commander';
import { claimManualTask } from '../../app/tasks/claim-manual-task.ts';
import { printResult } from '../output.ts';
import { withApp, withCampaignOptions, type OperatorFlags } from './command-app.ts';
import { parseTaskId, renderTask } from './tasks-render.ts';

export function tasksDoneCommand(): Command {
  return withCampaignOptions(
    new Command('done').description(
      'report a task you were assigned as done, proven with --login or RECLAIM_OPERATOR_TOKEN (verified later from the directory)',
    ),
  )
    .argument('<task>', 'the task number (see `reclaim tasks list`)')
    .option('--note <text>', 'what was done (kept with the task and in the audit log; never a password)')
    .action(async (id: string, flags: OperatorFlags & { note?: string }, command: Command) => {
      const result = await withApp(command, flags, (app) =>
        claimManualTask(app, {
          ...(flags.campaign ? { campaignId: flags.campaign } : {}),
          taskId: parseTaskId(id),
          outcome: 'done',
          ...(flags.note ? { note: flags.note } : {}),
          source: 'cli',
        }),
      );
      printResult(result, flags.json, (r) =>
        [
          `task ${r.task.id} reported done: \`reclaim tasks verify ${r.task.id}\` checks the directory`,
          renderTask(r.task),
        ].join('\n'),
      );
    });
}
