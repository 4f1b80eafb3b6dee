// The store is named by one URL: `sqlite:PATH`, `sqlite::memory:` or `postgres://...`.
import { resolve } from 'node:path';
import { ReclaimError } from '../core/errors/reclaim-error.ts';

export const defaultStoreUrl = 'sqlite:./reclaim.sqlite';

export type StoreLocation = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; connectionString: string };

export function parseStoreUrl(url: string): StoreLocation {
  if (url === 'sqlite::memory:') return { dialect: 'sqlite', path: ':memory:' };
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path.trim() === '')
      throw invalid(url, 'a file path must follow `sqlite:` (for example sqlite:./reclaim.sqlite)');
    return { dialect: 'sqlite', path: resolve(path) };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    try {
      new URL(url);
    } catch {
      throw invalid(url, 'the PostgreSQL URL is malformed');
    }
    return { dialect: 'postgres', connectionString: url };
  }
  throw invalid(url, 'use sqlite:PATH, sqlite::memory: or postgres://USER@HOST:PORT/DATABASE');
}

/** The URL with any password replaced, for messages and logs. */
export function redactStoreUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@]*@/i, '$1:[redacted]@');
}

function invalid(url: string, why: string): ReclaimError {
  return new ReclaimError('CONFIG_INVALID', `Store URL ${redactStoreUrl(url)} is not usable: ${why}`);
}
