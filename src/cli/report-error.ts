import { isReclaimError } from '../core/errors/reclaim-error.ts';
import { EXIT, exitCodeFor, type ExitCode } from './exit-codes.ts';
import { ExitError } from './exit-error.ts';

/** Prints an error as one clear line plus details (a stack only with --debug); returns the exit code. */
export function reportError(error: unknown, debug: boolean): ExitCode {
  if (error instanceof ExitError) {
    if (error.message) process.stderr.write(`${error.message}\n`);
    return error.exitCode;
  }
  if (isReclaimError(error)) {
    process.stderr.write(`error ${error.code}: ${error.message}\n`);
    for (const line of error.details) process.stderr.write(`  ${line}\n`);
    if (debug && error.cause) process.stderr.write(`${String((error.cause as Error).stack ?? error.cause)}\n`);
    return exitCodeFor(error.code);
  }
  const err = error as Error;
  process.stderr.write(`error UNEXPECTED: ${err?.message ?? String(error)}\n`);
  process.stderr.write(
    '  This is a bug in Reclaim. Please report it with the command you ran and the output of --debug.\n',
  );
  if (debug && err?.stack) process.stderr.write(`${err.stack}\n`);
  return EXIT.UNEXPECTED;
}
