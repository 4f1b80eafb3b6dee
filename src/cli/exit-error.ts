import type { ExitCode } from './exit-codes.ts';

/** Thrown by a command to end with a given exit code after its output was printed. */
export class ExitError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message = '',
  ) {
    super(message);
    this.name = 'ExitError';
  }
}
