// A campaign's failed actions grouped by cause (the error code): how many, how many will be retried,
// one message as an example (that of the cause's first failed action), and the directories they
// are in (sorted). The console's status shows every failure this way, all of them counted, not a
// first page of rows. Two reads through the store's reader (off the event loop on SQLite): the
// groups, an index-only scan of actions_failed_cause (migration 0013), then the example messages
// by id; the message is not in that index (it has no length bound), so it is read for one action
// per group.
import { sql } from 'kysely';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export interface FailureCause {
  code: string;
  count: number;
  retrying: number;
  message: string | null;
  directories: string[];
}

export async function failuresByCause(store: Store, campaignId: string): Promise<FailureCause[]> {
  const rows = await storeCall('grouping failures by cause', () =>
    store.reader
      .selectFrom('actions')
      .select([
        'lastErrorCode',
        'directory',
        (eb) => eb.fn.countAll<number>().as('n'),
        sql<number>`sum(case when failure_retryable = 1 then 1 else 0 end)`.as('retrying'),
        (eb) => eb.fn.min('id').as('firstId'),
      ])
      .where('campaignId', '=', campaignId)
      // a literal, as in actions_failed_cause's condition, so the planner uses that index
      .where('state', '=', sql.lit('failed'))
      .groupBy(['lastErrorCode', 'directory'])
      .execute(),
  );
  const causes = new Map<string, FailureCause & { firstId: number }>();
  for (const r of rows) {
    const code = r.lastErrorCode ?? 'UNKNOWN';
    const cause = causes.get(code) ?? {
      code,
      count: 0,
      retrying: 0,
      message: null,
      directories: [],
      firstId: Infinity,
    };
    cause.count += Number(r.n);
    cause.retrying += Number(r.retrying ?? 0);
    cause.firstId = Math.min(cause.firstId, Number(r.firstId));
    cause.directories.push(r.directory);
    causes.set(code, cause);
  }
  const messages = await exampleMessages(
    store,
    [...causes.values()].map((c) => c.firstId),
  );
  return [...causes.values()]
    .map(({ firstId, ...cause }) => ({
      ...cause,
      message: messages.get(firstId) ?? null,
      directories: cause.directories.sort(),
    }))
    .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
}

async function exampleMessages(store: Store, ids: number[]): Promise<Map<number, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await storeCall('reading failure messages', () =>
    store.reader.selectFrom('actions').select(['id', 'lastErrorMessage']).where('id', 'in', ids).execute(),
  );
  return new Map(rows.map((r) => [Number(r.id), r.lastErrorMessage]));
}
