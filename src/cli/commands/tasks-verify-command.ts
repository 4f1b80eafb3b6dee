// `reclaim tasks verify [TASK]`: reads the directory for the manual tasks (or one) and marks verified
// those whose password was set after they were assigned; lists the rest with what the directory
// shows (exit 3 when any is not verified). It reads directories and writes only to the store: no
// --yes. `reclaim verify` does the same for the whole campaign and marks the rest missed.
import { Command } from 'commander';
import { verifyCampaignTasks } from '../../app/tasks/verify-manual-tasks.ts';
import { EXIT } from '../exit-codes.ts';
import { ExitError } from '../exit-error.ts';
import { printResult } from '../output.ts';
import { withApp, withCampaignOptions, type OperatorFlags } from './command-app.ts';
import { parseTaskId, renderTask } from './tasks-render.ts';
import { plural } from '../../core/plural.ts';

export function tasksVerifyCommand(): Command {
  return withCampaignOptions(
    new Command('verify').description(
      'check in the directory that manual tasks were really done (exit 3 when any was not)',
    ),
  )
    .argument('[task]', 'only this task (see `reclaim tasks list`)')
    .action(async (id: string | undefined, flags: OperatorFlags, command: Command) => {
      const taskIds = id === undefined ? undefined : [parseTaskId(id)];
      const result = await withApp(command, flags, (app) =>
        verifyCampaignTasks(app, {
          ...(flags.campaign ? { campaignId: flags.campaign } : {}),
          ...(taskIds ? { taskIds } : {}),
          source: 'cli',
        }),
      );
      printResult(result, flags.json, (r) =>
        [
          `campaign ${r.campaignId}: ${plural(r.checked, 'task')} checked, ` +
            `${r.verified.length} verified now, ${r.notVerified.length} not verified` +
            `${r.alreadyVerified.length > 0 ? `, ${r.alreadyVerified.length} verified before` : ''}`,
          ...r.verified.map(renderTask),
          ...r.notVerified.map(
            (m) => `  NOT VERIFIED #${m.taskId} ${m.kind} wave ${m.wave} ${m.directory}:${m.identity}: ${m.reason}`,
          ),
        ].join('\n'),
      );
      if (result.notVerified.length > 0) throw new ExitError(EXIT.SOME_IDENTITIES_FAILED);
    });
}
