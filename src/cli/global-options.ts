import type { Command } from 'commander';

export interface GlobalOptions {
  config: string;
  debug?: boolean;
}

/** The options given before the command name (`reclaim -c FILE status`). */
export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals() as GlobalOptions;
}
