// Actions found by their idempotency key: one action written through the door, the krbtgt steps
// (a key per step), and the families of follow-up actions whose keys share a prefix
// (`CAMPAIGN/deadline/`, `CAMPAIGN/unlink-pso/`, `CAMPAIGN/fallback/`).
import type { ActionState } from '../database.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export interface KeyedAction {
  id: number;
  waveId: number | null;
  directory: string;
  identityKey: string;
  identityName: string;
  kind: string;
  idempotencyKey: string;
  state: ActionState;
  updatedAt: string;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  /** a failure the engine retries by itself */
  failureRetryable: boolean;
}

const columns = [
  'id',
  'waveId',
  'directory',
  'identityKey',
  'identityName',
  'kind',
  'idempotencyKey',
  'state',
  'updatedAt',
  'lastErrorCode',
  'lastErrorMessage',
  'failureRetryable',
] as const;

type KeyedRow = {
  id: number;
  waveId: number | null;
  failureRetryable: number | null;
} & Omit<KeyedAction, 'id' | 'waveId' | 'failureRetryable'>;

function toKeyedAction(row: KeyedRow): KeyedAction {
  return {
    ...row,
    id: Number(row.id),
    waveId: row.waveId === null ? null : Number(row.waveId),
    failureRetryable: Number(row.failureRetryable) === 1,
  };
}

/** The id of the action with this key; a store error when there is none. */
export async function actionIdByKey(store: Store, idempotencyKey: string): Promise<number> {
  const row = await storeCall('reading a new action', () =>
    store.db.selectFrom('actions').select('id').where('idempotencyKey', '=', idempotencyKey).executeTakeFirstOrThrow(),
  );
  return Number(row.id);
}

/** The actions with these keys (in id order), only those in `state` when given. */
export async function actionsByKeys(
  store: Store,
  idempotencyKeys: readonly string[],
  filter: { state?: ActionState } = {},
): Promise<KeyedAction[]> {
  if (idempotencyKeys.length === 0) return [];
  const rows = await storeCall('reading actions by key', () =>
    store.db
      .selectFrom('actions')
      .select([...columns])
      .where('idempotencyKey', 'in', [...idempotencyKeys])
      .$if(filter.state !== undefined, (q) => q.where('state', '=', filter.state!))
      .orderBy('id')
      .execute(),
  );
  return rows.map(toKeyedAction);
}

/**
 * The campaign's actions whose key starts with `prefix` (a LIKE pattern: the prefix is built from
 * the campaign id and a fixed family name), only those in `states` when given; in id order.
 */
export async function actionsByKeyPrefix(
  store: Store,
  input: { campaignId: string; prefix: string; states?: readonly ActionState[] },
): Promise<KeyedAction[]> {
  const rows = await storeCall(`reading the actions ${input.prefix}*`, () =>
    store.db
      .selectFrom('actions')
      .select([...columns])
      .where('campaignId', '=', input.campaignId)
      .where('idempotencyKey', 'like', `${input.prefix}%`)
      .$if(input.states !== undefined, (q) => q.where('state', 'in', [...input.states!]))
      .orderBy('id')
      .execute(),
  );
  return rows.map(toKeyedAction);
}
