// Every top-level command of `reclaim`, one file each. Add a line here to add a command.
import type { Command } from 'commander';
import { configCommand } from './commands/config-command.ts';
import { initCommand } from './commands/init-command.ts';
import { labCommand } from './commands/lab-command.ts';

export const commandList: Array<() => Command> = [initCommand, configCommand, labCommand];
