// Where one action stands after a run: its state and its last error, if any.
import type { ActionState } from '../database.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export async function actionOutcome(
  store: Store,
  actionId: number,
): Promise<{ state: ActionState; lastErrorCode: string | null; lastErrorMessage: string | null }> {
  return storeCall('reading an action', () =>
    store.db
      .selectFrom('actions')
      .select(['state', 'lastErrorCode', 'lastErrorMessage'])
      .where('id', '=', actionId)
      .executeTakeFirstOrThrow(),
  );
}
