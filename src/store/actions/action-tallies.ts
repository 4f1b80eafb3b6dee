// The campaign's actions counted per (kind, state, last error code, idempotency key): what the
// campaign report sums into outcomes per kind, failures per code and enforcement figures.
import type { ActionState } from '../database.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export interface ActionTally {
  kind: string;
  state: ActionState;
  lastErrorCode: string | null;
  idempotencyKey: string;
  n: number;
}

export async function actionTallies(store: Store, campaignId: string): Promise<ActionTally[]> {
  const rows = await storeCall('summarising actions', () =>
    store.db
      .selectFrom('actions')
      .select((eb) => ['kind', 'state', 'lastErrorCode', 'idempotencyKey', eb.fn.countAll<number>().as('n')])
      .where('campaignId', '=', campaignId)
      .groupBy(['kind', 'state', 'lastErrorCode', 'idempotencyKey'])
      .execute(),
  );
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
