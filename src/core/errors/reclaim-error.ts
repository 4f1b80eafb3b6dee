import { errorCatalog, type ErrorCode } from './error-catalog.ts';

/** A problem with a stable code from the catalog, a message an admin understands, and details. */
export class ReclaimError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: readonly string[];
  /** where the problem is, when it is one place: a file (FILE:LINE), a store or directory URL */
  readonly where: string | undefined;

  constructor(
    code: ErrorCode,
    message?: string,
    options?: { details?: readonly string[]; cause?: unknown; where?: string },
  ) {
    super(message ?? errorCatalog[code].message, { cause: options?.cause });
    this.name = 'ReclaimError';
    this.code = code;
    this.retryable = errorCatalog[code].retryable;
    this.details = options?.details ?? [];
    this.where = options?.where;
  }
}

export function isReclaimError(value: unknown): value is ReclaimError {
  return value instanceof ReclaimError;
}
