// How a failed command tells its caller what went wrong. On a terminal or in a log: one clear line
// `error CODE: message` plus details on stderr (a stack only with --debug). Under --json: one JSON
// object on one line, the last line of stderr, so stdout keeps only results (a command that ends
// with exit 3 has printed its result there):
//   {"error":{"code":"CONFIG_INVALID","message":"...","where":"reclaim.yaml","details":[...]},"exit":2}
import { isReclaimError } from '../core/errors/reclaim-error.ts';
import type { ErrorCode } from '../core/errors/error-catalog.ts';
import { errorCatalog } from '../core/errors/error-catalog.ts';
import { EXIT, exitCodeFor, type ExitCode } from './exit-codes.ts';
import { ExitError } from './exit-error.ts';

export interface ReportOptions {
  debug: boolean;
  json: boolean;
  /** the command that ran (`reclaim plan show`): where, when the error names no file or URL */
  command: string;
}

export interface ErrorReport {
  code: ErrorCode;
  message: string;
  where: string;
  details: readonly string[];
  exit: ExitCode;
}

const bugHint = 'This is a bug in Reclaim. Please report it with the command you ran and the output of --debug.';

/** What `error` means for the caller: its code, message, place and exit code. */
export function describeError(error: unknown, command: string): ErrorReport {
  if (error instanceof ExitError) {
    return {
      code: error.code,
      message: error.message || errorCatalog[error.code].message,
      where: command,
      details: [],
      exit: error.exitCode,
    };
  }
  if (isReclaimError(error)) {
    return {
      code: error.code,
      message: error.message,
      where: error.where ?? command,
      details: error.details,
      exit: exitCodeFor(error.code),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'UNEXPECTED', message, where: command, details: [bugHint], exit: EXIT.UNEXPECTED };
}

/** Prints the error (text or, under --json, one JSON line) on stderr; returns the exit code. */
export function reportError(error: unknown, options: ReportOptions): ExitCode {
  const report = describeError(error, options.command);
  if (options.json) {
    printJsonError(report);
    return report.exit;
  }
  if (error instanceof ExitError) {
    if (error.message) process.stderr.write(`${error.message}\n`);
    return report.exit;
  }
  process.stderr.write(`error ${report.code}: ${report.message}\n`);
  for (const line of report.details) process.stderr.write(`  ${line}\n`);
  if (options.debug) {
    const stack = isReclaimError(error)
      ? (error.cause as Error | undefined)?.stack
      : (error as Error | undefined)?.stack;
    if (stack) process.stderr.write(`${stack}\n`);
  }
  return report.exit;
}

export function printJsonError(report: ErrorReport): void {
  const { exit, details, ...error } = report;
  process.stderr.write(
    `${JSON.stringify({ error: { ...error, ...(details.length > 0 ? { details } : {}) }, exit })}\n`,
  );
}
