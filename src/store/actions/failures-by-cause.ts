// A campaign's failed actions grouped by cause (the error code): how many, how many will be retried,
// one message as an example, and the directories they are in. The console's status shows every
// failure this way, all of them counted, not a first page of rows.
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
    store.db
      .selectFrom('actions')
      .select([
        'lastErrorCode',
        'directory',
        (eb) => eb.fn.countAll<number>().as('n'),
        sql<number>`sum(case when failure_retryable = 1 then 1 else 0 end)`.as('retrying'),
        (eb) => eb.fn.min('lastErrorMessage').as('message'),
      ])
      .where('campaignId', '=', campaignId)
      .where('state', '=', 'failed')
      .groupBy(['lastErrorCode', 'directory'])
      .execute(),
  );
  const causes = new Map<string, FailureCause>();
  for (const r of rows) {
    const code = r.lastErrorCode ?? 'UNKNOWN';
    const cause = causes.get(code) ?? { code, count: 0, retrying: 0, message: null, directories: [] };
    cause.count += Number(r.n);
    cause.retrying += Number(r.retrying ?? 0);
    cause.message ??= r.message === null ? null : String(r.message);
    cause.directories.push(r.directory);
    causes.set(code, cause);
  }
  return [...causes.values()].sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
}
