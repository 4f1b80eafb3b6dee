// What every campaign command shares: the App built from the global --config and the operator
// (--as NAME or RECLAIM_OPERATOR), closed when the command ends; and the confirmation rule for
// commands that write to directories.
import type { Command } from 'commander';
import { createApp, type App } from '../../app/create-app.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { globalOptions } from '../global-options.ts';
import { info } from '../output.ts';

export interface OperatorFlags {
  as?: string;
  campaign?: string;
  json?: boolean;
}

export function withCampaignOptions(command: Command): Command {
  return command
    .option('--as <operator>', 'who is acting (default: $RECLAIM_OPERATOR); recorded in the audit log')
    .option('--campaign <id>', 'the campaign (default: the most recent open one)')
    .option('--json', 'print JSON to stdout');
}

export async function withApp<T>(command: Command, flags: OperatorFlags, work: (app: App) => Promise<T>): Promise<T> {
  const app = createApp({ configFile: globalOptions(command).config, operator: flags.as });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/**
 * SAFETY: a command that writes to directories is a dry run unless --yes. Without --yes on a
 * terminal it describes what it would do and stops; without --yes off a terminal (a script, a
 * pipe) it refuses with CONFIRMATION_REQUIRED (exit 4), so nothing runs by accident.
 * Returns true when the writes may go ahead.
 */
export function confirmWrites(flags: { yes?: boolean }, what: string): boolean {
  if (flags.yes) return true;
  if (!process.stdin.isTTY) {
    throw new ReclaimError('CONFIRMATION_REQUIRED', `${what}: this changes directories; add --yes to confirm (stdin is not a terminal)`);
  }
  info(`dry run: ${what}. Nothing was changed; add --yes to do it.`);
  return false;
}
