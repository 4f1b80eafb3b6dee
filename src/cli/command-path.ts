import type { Command } from 'commander';
import { requestedCommand } from './requested-command.ts';

/** `reclaim plan show` for `reclaim -c x.yaml plan show --json`: the command the arguments name, as far as it is known. */
export function commandPath(program: Command, args: readonly string[]): string {
  const top = requestedCommand(program, args);
  const command = top === undefined ? undefined : program.commands.find((c) => c.name() === top);
  if (!command) return 'reclaim';
  const rest = args.slice(args.indexOf(top as string) + 1);
  const sub = rest.find((a) => !a.startsWith('-'));
  const found =
    sub === undefined ? undefined : command.commands.find((c) => c.name() === sub || c.aliases().includes(sub));
  return ['reclaim', command.name(), ...(found ? [found.name()] : [])].join(' ');
}
