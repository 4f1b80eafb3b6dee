// `reclaim tasks assign TASK... --to NAME`: gives manual tasks to a named admin (a console account,
// who will prove who they are when reporting it done). It writes only to the store (the tasks and
// the audit log), never to a directory, so it needs no --yes; the one assigning proves who they are
// (--login or RECLAIM_OPERATOR_TOKEN), like an approval.
import { Command, Option } from 'commander';
import { assignManualTasks } from '../../app/tasks/assign-manual-tasks.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { manualTaskKinds, type ManualTaskKind } from '../../core/tasks/manual-task.ts';
import { printResult } from '../output.ts';
import { withApp, withCampaignOptions, type OperatorFlags } from './command-app.ts';
import { parseTaskId, renderTask } from './tasks-render.ts';
import { waveNumbers } from './tasks-wave-option.ts';
import { plural } from '../../core/plural.ts';

interface AssignFlags extends OperatorFlags {
  to: string;
  allOpen?: boolean;
  kind?: ManualTaskKind[];
  wave?: string[];
}

export function tasksAssignCommand(): Command {
  return withCampaignOptions(
    new Command('assign').description(
      'assign manual tasks to the console account of the person who will do them ' +
        '(a proven operator: --login or RECLAIM_OPERATOR_TOKEN; a store write: no --yes)',
    ),
  )
    .argument('[task...]', 'task numbers (see `reclaim tasks list`)')
    .requiredOption('--to <name>', 'the console account (username) of who does the tasks')
    .option('--all-open', 'every open task instead of task numbers (narrow with --kind and --wave)')
    .addOption(
      new Option('--kind <kind...>', 'with --all-open: only these kinds').choices(
        manualTaskKinds as unknown as string[],
      ),
    )
    .option('--wave <n...>', 'with --all-open: only these waves')
    .action(async (ids: string[], flags: AssignFlags, command: Command) => {
      if ((flags.kind || flags.wave) && !flags.allOpen)
        throw new ReclaimError(
          'USAGE_INVALID',
          '--kind and --wave narrow --all-open; with task numbers, give only the numbers',
        );
      const result = await withApp(command, flags, (app) =>
        assignManualTasks(app, {
          ...(flags.campaign ? { campaignId: flags.campaign } : {}),
          ...(ids.length > 0 ? { taskIds: ids.map(parseTaskId) } : {}),
          ...(flags.allOpen
            ? {
                allOpen: {
                  ...(flags.kind ? { kinds: flags.kind } : {}),
                  ...(flags.wave ? { waves: waveNumbers(flags.wave) } : {}),
                },
              }
            : {}),
          to: flags.to,
          source: 'cli',
        }),
      );
      printResult(result, flags.json, (r) =>
        [`${plural(r.assigned.length, 'task')} assigned to ${flags.to.trim()}`, ...r.assigned.map(renderTask)].join(
          '\n',
        ),
      );
    });
}
