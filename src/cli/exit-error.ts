import type { ErrorCode } from '../core/errors/error-catalog.ts';
import { codeForExit, type ExitCode } from './exit-codes.ts';

/**
 * Thrown by a command to end with a given exit code after its output was printed. `code` is what
 * `--json` reports (default: the code the exit code stands for, such as INCOMPLETE for 3).
 */
export class ExitError extends Error {
  readonly code: ErrorCode;

  constructor(
    readonly exitCode: ExitCode,
    message = '',
    code?: ErrorCode,
  ) {
    super(message);
    this.name = 'ExitError';
    this.code = code ?? codeForExit(exitCode);
  }
}
