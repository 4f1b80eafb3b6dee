// `reclaim tasks list`: the campaign's manual tasks (privileged resets, service account rotations)
// with their state, assignee, claim and verification; filtered by state, kind, wave or assignee.
import { Command, Option } from 'commander';
import { campaignTasks, type CampaignTasks } from '../../app/tasks/campaign-tasks.ts';
import {
  manualTaskKinds,
  manualTaskStates,
  type ManualTaskKind,
  type ManualTaskState,
} from '../../core/tasks/manual-task.ts';
import { printResult } from '../output.ts';
import { withApp, withCampaignOptions, type OperatorFlags } from './command-app.ts';
import { renderTask, renderTaskCounts } from './tasks-render.ts';
import { waveNumbers } from './tasks-wave-option.ts';
import { plural } from '../../core/plural.ts';

interface ListFlags extends OperatorFlags {
  state?: ManualTaskState[];
  kind?: ManualTaskKind[];
  wave?: string[];
  assignee?: string;
}

function render(r: CampaignTasks): string {
  const shown =
    r.tasks.length === r.counts.total
      ? plural(r.tasks.length, 'task')
      : `${r.tasks.length} of ${plural(r.counts.total, 'task')}`;
  return [`campaign ${r.campaignId}: ${shown}`, renderTaskCounts(r.counts), ...r.tasks.map(renderTask)].join('\n');
}

export function tasksListCommand(): Command {
  return withCampaignOptions(
    new Command('list').description('list the manual tasks with their state, assignee, claim and verification'),
  )
    .addOption(
      new Option('--state <state...>', 'only tasks in these states').choices(manualTaskStates as unknown as string[]),
    )
    .addOption(
      new Option('--kind <kind...>', 'only tasks of these kinds').choices(manualTaskKinds as unknown as string[]),
    )
    .option('--wave <n...>', 'only tasks of these waves')
    .option('--assignee <name>', 'only tasks assigned to this person')
    .action(async (flags: ListFlags, command: Command) => {
      const result = await withApp(command, flags, (app) =>
        campaignTasks(app, {
          ...(flags.campaign ? { campaignId: flags.campaign } : {}),
          ...(flags.state ? { states: flags.state } : {}),
          ...(flags.kind ? { kinds: flags.kind } : {}),
          ...(flags.wave ? { waves: waveNumbers(flags.wave) } : {}),
          ...(flags.assignee ? { assignee: flags.assignee } : {}),
        }),
      );
      printResult(result, flags.json, render);
    });
}
