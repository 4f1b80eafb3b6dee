// What every campaign command shares: the App built from the global --config, the operator proven
// by a console token or --login (an `--as NAME` only labels), closed when the command ends; and the confirmation rule for
// commands that write to directories.
import type { Command } from 'commander';
import { composeApp, type App } from '../../app/compose-app.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { globalOptions } from '../global-options.ts';
import { info } from '../output.ts';
import { provenApp, type ProofFlags } from '../operator-proof.ts';

export interface OperatorFlags extends ProofFlags {
  as?: string;
  campaign?: string;
  json?: boolean;
}

export function withCampaignOptions(command: Command): Command {
  return command
    .option(
      '--as <operator>',
      'a label for the audit log of read-only commands (default: $RECLAIM_OPERATOR); never proof of anyone',
    )
    .option(
      '--login <account>',
      'prove who you are with this console account (asks its password and one-time code); needed to author and approve plans',
    )
    .option('--password-stdin', 'with --login: read the password and the one-time code as two lines of stdin')
    .option('--campaign <id>', 'the campaign (default: the most recent open one)')
    .option('--json', 'print JSON to stdout');
}

export async function withApp<T>(command: Command, flags: OperatorFlags, work: (app: App) => Promise<T>): Promise<T> {
  // SAFETY: only the commands that start something may create the store; any other run from the
  // wrong folder or with the wrong -c gets NOT_FOUND instead of a new, empty store.
  const top = topCommand(command);
  // Fast start: the kill switch and the status never reach a directory, so they do not load the
  // directory adapters (ldapts, the Graph client): `pause` engages sooner after it is typed.
  const directories = storeOnly.has(top)
    ? undefined
    : (await import('../../app/configured-directories.ts')).configuredDirectories;
  const app = composeApp(
    { configFile: globalOptions(command).config, operator: flags.as, storeMustExist: !storeCreators.has(top) },
    directories,
  );
  try {
    // the operator proven by a console token or --login, when one is offered (operator-proof.ts)
    return await work(await provenApp(app, flags));
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
    throw new ReclaimError(
      'CONFIRMATION_REQUIRED',
      `${what}: this changes directories; add --yes to confirm (stdin is not a terminal)`,
    );
  }
  info(`dry run: ${what}. Nothing was changed; add --yes to do it.`);
  return false;
}

const storeCreators = new Set(['triage', 'operator', 'serve']);
/** The commands that only read and write the store (test/cli/fast-start.test.ts checks what they load). */
const storeOnly = new Set(['pause', 'resume', 'abort', 'status']);

function topCommand(command: Command): string {
  let c = command;
  while (c.parent?.parent) c = c.parent;
  return c.name();
}
