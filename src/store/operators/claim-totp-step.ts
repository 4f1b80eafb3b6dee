// Claims a TOTP time step for an operator's sign-in: succeeds only if the step is later than the
// last one used. SAFETY: one conditional UPDATE, atomic on both dialects, so of two sign-ins with
// the same observed code (in one process or in two `serve` processes on one store) only one wins.
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export async function claimTotpStep(store: Store, input: { operatorId: string; step: number }): Promise<boolean> {
  const result = await storeCall('recording a one-time code', () =>
    store.db
      .updateTable('operators')
      .set({ lastTotpStep: input.step })
      .where('id', '=', input.operatorId)
      .where((eb) => eb.or([eb('lastTotpStep', 'is', null), eb('lastTotpStep', '<', input.step)]))
      .executeTakeFirst(),
  );
  return Number(result.numUpdatedRows) === 1;
}
