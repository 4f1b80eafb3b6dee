// Console sessions. SAFETY: only hashes of the session token and of the CSRF token are stored,
// so a copy of the database does not let anyone sign in.
import type { Selectable } from 'kysely';
import type { SessionAuthMethod, SessionsTable } from '../database.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export type SessionRow = Selectable<SessionsTable>;

export async function createSession(
  store: Store,
  input: {
    idHash: string;
    operatorId: string;
    csrfTokenHash: string;
    ip?: string;
    ttlMs: number;
    now: Date;
    authMethod?: SessionAuthMethod;
  },
): Promise<SessionRow> {
  const row: SessionRow = {
    idHash: input.idHash,
    operatorId: input.operatorId,
    createdAt: input.now.toISOString(),
    expiresAt: new Date(input.now.getTime() + input.ttlMs).toISOString(),
    lastSeenAt: input.now.toISOString(),
    csrfTokenHash: input.csrfTokenHash,
    ip: input.ip ?? null,
    authMethod: input.authMethod ?? 'password',
  };
  await storeCall('creating a session', () => store.db.insertInto('sessions').values(row).execute());
  return row;
}

/** The session if it exists and has not expired (an expired one reads as absent). */
export async function findLiveSession(store: Store, idHash: string, now: Date): Promise<SessionRow | undefined> {
  return storeCall('reading a session', () =>
    store.db
      .selectFrom('sessions')
      .selectAll()
      .where('idHash', '=', idHash)
      .where('expiresAt', '>', now.toISOString())
      .executeTakeFirst(),
  );
}

/**
 * Marks the session used now (for the idle timeout); written at most once a minute per session,
 * through the store's bookkeeping connection (no fsync on the event loop). A touch lost in a
 * machine crash makes the session look idle sooner: it ends earlier, never later.
 */
export async function touchSession(store: Store, session: SessionRow, now: Date): Promise<void> {
  if (now.getTime() - new Date(session.lastSeenAt ?? session.createdAt).getTime() < 60_000) return;
  await storeCall('refreshing a session', () =>
    store.bookkeeping
      .updateTable('sessions')
      .set({ lastSeenAt: now.toISOString() })
      .where('idHash', '=', session.idHash)
      .execute(),
  );
}

/** Records the hash of the session's CSRF token (a session opened before the token was derived). */
export async function setSessionCsrfTokenHash(store: Store, idHash: string, csrfTokenHash: string): Promise<void> {
  await storeCall('recording a CSRF token', () =>
    store.db.updateTable('sessions').set({ csrfTokenHash }).where('idHash', '=', idHash).execute(),
  );
}

export async function deleteSession(store: Store, idHash: string): Promise<void> {
  await storeCall('ending a session', () => store.db.deleteFrom('sessions').where('idHash', '=', idHash).execute());
}

export async function deleteExpiredSessions(store: Store, now: Date): Promise<number> {
  const result = await storeCall('removing expired sessions', () =>
    store.db.deleteFrom('sessions').where('expiresAt', '<=', now.toISOString()).executeTakeFirst(),
  );
  return Number(result.numDeletedRows);
}
