// One write transaction that serialises writers on both dialects. SQLite: BEGIN IMMEDIATE takes
// the write lock up front, so two processes never both read-then-write (a deferred BEGIN would
// fail with SQLITE_BUSY at the first write instead of waiting). PostgreSQL: an ordinary
// transaction; the queries inside take row locks (FOR UPDATE SKIP LOCKED) or advisory locks.
import { sql, type Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { Store } from './open-store.ts';
import { translateStoreError } from './store-error.ts';

export type StoreTransaction = Kysely<Database>;

// Inside fn, use only `trx`: on SQLite the store has one connection, held by this transaction,
// so a query through `store.db` would wait for the transaction to end (it never would).

export async function inWriteTransaction<T>(
  store: Store,
  doing: string,
  fn: (trx: StoreTransaction) => Promise<T>,
): Promise<T> {
  try {
    if (store.dialect === 'postgres') return await store.db.transaction().execute(fn);
    return await store.db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      let result: T;
      try {
        result = await fn(conn);
      } catch (error) {
        await sql`rollback`.execute(conn);
        throw error;
      }
      try {
        await sql`commit`.execute(conn);
      } catch (error) {
        // A failed COMMIT can leave the transaction open on this (only) connection: end it.
        await sql`rollback`.execute(conn).catch(() => undefined);
        throw error;
      }
      return result;
    });
  } catch (error) {
    throw translateStoreError(error, doing);
  }
}
