import { errorCatalog, type ErrorCode } from './error-catalog.ts';

/** A problem with a stable code from the catalog, a message an admin understands, and details. */
export class ReclaimError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: readonly string[];

  constructor(code: ErrorCode, message?: string, options?: { details?: readonly string[]; cause?: unknown }) {
    super(message ?? errorCatalog[code].message, { cause: options?.cause });
    this.name = 'ReclaimError';
    this.code = code;
    this.retryable = errorCatalog[code].retryable;
    this.details = options?.details ?? [];
  }
}

export function isReclaimError(value: unknown): value is ReclaimError {
  return value instanceof ReclaimError;
}
