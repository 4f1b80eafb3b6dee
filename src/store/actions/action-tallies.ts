// The campaign's actions counted per (kind, state, last error code, phase): what the campaign
// report sums into outcomes per kind, failures per code and enforcement figures. The phase is the
// part of the idempotency key after the campaign id that the report tells apart (deadline and
// re-enable); counting per key instead would return one row per action, a million at scale.
import { sql } from 'kysely';
import type { ActionState } from '../database.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export const talliedPhases = ['deadline', 'reenable'] as const;

export interface ActionTally {
  kind: string;
  state: ActionState;
  lastErrorCode: string | null;
  /** deadline or reenable when the key is `<campaign>/<phase>/...`, else null */
  phase: (typeof talliedPhases)[number] | null;
  n: number;
}

export async function actionTallies(store: Store, campaignId: string): Promise<ActionTally[]> {
  // substr rather than LIKE: a campaign id is text, and `_` or `%` in it must not match anything else.
  const phase = sql<ActionTally['phase']>`case ${sql.join(
    talliedPhases.map((p) => {
      const prefix = `${campaignId}/${p}/`;
      return sql`when substr(idempotency_key, 1, ${prefix.length}) = ${prefix} then ${p}`;
    }),
    sql` `,
  )} else null end`;
  const rows = await storeCall('summarising actions', () =>
    store.db
      .selectFrom('actions')
      .select((eb) => ['kind', 'state', 'lastErrorCode', phase.as('phase'), eb.fn.countAll<number>().as('n')])
      .where('campaignId', '=', campaignId)
      .groupBy(['kind', 'state', 'lastErrorCode', 'phase'])
      .execute(),
  );
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
