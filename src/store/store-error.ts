// Translates driver errors (better-sqlite3, pg) into catalog codes at the store's boundary, with
// messages an admin understands. Never includes bound parameters (they may carry personal data).
import { ReclaimError, isReclaimError } from '../core/errors/reclaim-error.ts';

const pgConflict = new Set(['23505', '40001', '40P01', '55P03']);
const pgUnavailable = /^(08|53|57P0)/;
const netUnavailable = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);

export function translateStoreError(error: unknown, doing: string): ReclaimError {
  if (isReclaimError(error)) return error;
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  const text = error instanceof Error ? error.message : String(error);
  if (code.startsWith('SQLITE_CONSTRAINT_UNIQUE') || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || pgConflict.has(code)) {
    return new ReclaimError('STORE_CONFLICT', `Store conflict while ${doing}: ${text}`, { cause: error });
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new ReclaimError('STORE_UNAVAILABLE', `The SQLite store stayed locked by another process while ${doing}`, {
      cause: error,
    });
  }
  if (netUnavailable.has(code) || pgUnavailable.test(code) || /Connection terminated|connect ECONNREFUSED/.test(text)) {
    return new ReclaimError('STORE_UNAVAILABLE', `The PostgreSQL store could not be reached while ${doing}: ${text}`, {
      cause: error,
    });
  }
  return new ReclaimError('UNEXPECTED', `Store error while ${doing}: ${text}`, { cause: error });
}

/** Runs fn and translates whatever it throws. */
export async function storeCall<T>(doing: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw translateStoreError(error, doing);
  }
}
