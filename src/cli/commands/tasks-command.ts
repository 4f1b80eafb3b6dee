// `reclaim tasks`: the manual tasks of a campaign (privileged accounts reset by a named admin,
// service accounts rotated with their owner): list, assign, done, fail, verify.
import { Command } from 'commander';
import { tasksAssignCommand } from './tasks-assign-command.ts';
import { tasksDoneCommand } from './tasks-done-command.ts';
import { tasksFailCommand } from './tasks-fail-command.ts';
import { tasksListCommand } from './tasks-list-command.ts';
import { tasksVerifyCommand } from './tasks-verify-command.ts';

export function tasksCommand(): Command {
  const group = new Command('tasks').description(
    'manual tasks: privileged resets and service account rotations, assigned to a named person, verified from the directory',
  );
  for (const sub of [
    tasksListCommand(),
    tasksAssignCommand(),
    tasksDoneCommand(),
    tasksFailCommand(),
    tasksVerifyCommand(),
  ])
    group.addCommand(sub.exitOverride().showHelpAfterError());
  // a usage error reaches the entry point (exit 2) instead of commander's own exit 1
  return group.exitOverride();
}
