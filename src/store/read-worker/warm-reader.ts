// Starts the store's read workers now instead of at their first query: a long-running process
// (the console) pays their start (a thread, the SQLite driver, the file's first pages) before it
// serves anyone, not in the answer to the first viewer after a restart. One small read per
// worker, at once, so each worker of the pool takes one. Nothing to start on PostgreSQL or in memory.
import type { Store } from '../open-store.ts';

export async function warmReader(store: Store): Promise<void> {
  if (store.reader === store.db) return;
  const read = () => store.reader.selectFrom('campaigns').select('id').limit(1).execute();
  await Promise.all([read(), read()]);
}
