// Starts the store's worker threads now instead of at their first query: a long-running process
// (the console) pays their start (a thread, the SQLite driver, the file's first pages) before it
// serves anyone, not in the answer to the first viewer after a restart (nor, on 2 cores, in the
// time every other request waits for a CPU while a thread starts). One small read per worker, at
// once, so each read worker of the pool takes one, and one through the bookkeeping worker (a
// session's last use is its first write). Nothing to start on PostgreSQL or in memory.
import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import type { Store } from '../open-store.ts';

export async function warmReader(store: Store): Promise<void> {
  const read = (db: Kysely<Database>) => db.selectFrom('campaigns').select('id').limit(1).execute();
  await Promise.all([
    ...(store.reader === store.db ? [] : [read(store.reader), read(store.reader)]),
    ...(store.bookkeeping === store.db ? [] : [read(store.bookkeeping)]),
  ]);
}
