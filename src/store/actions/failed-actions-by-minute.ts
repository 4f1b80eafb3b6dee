// The campaign's failed actions counted by the minute they last failed (their last update): the
// dashboard's failures over time, which add up to the status's failed count (actions, not journal
// entries: an action that failed, was retried and failed again counts once, where it stands now).
// Read through the store's reader (off the event loop on SQLite), an index-only scan of
// actions_failed_minute (migration 0013): the query's expression and state literal are the index's.
import { sql } from 'kysely';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

/** minute (ISO `YYYY-MM-DDTHH:MM`, UTC) -> failed actions last updated in it */
export async function failedActionsByMinute(store: Store, campaignId: string): Promise<Map<string, number>> {
  const minute = sql<string>`substr(updated_at, 1, 16)`;
  const rows = await storeCall('counting failed actions by minute', () =>
    store.reader
      .selectFrom('actions')
      .select([minute.as('minute'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('campaignId', '=', campaignId)
      .where('state', '=', sql.lit('failed'))
      .groupBy(minute)
      .execute(),
  );
  return new Map(rows.map((r) => [String(r.minute), Number(r.n)]));
}
