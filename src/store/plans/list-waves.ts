// The waves of one plan version, in order, and one wave's size as the guard counts it.
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export interface WaveRow {
  id: number;
  planVersionId: string;
  ordinal: number;
  name: string;
  startsAt: string;
  deadlineAt: string;
  graceUntil: string | null;
  size: number;
}

export async function listWaves(store: Store, planVersionId: string): Promise<WaveRow[]> {
  const rows = await storeCall('reading waves', () =>
    store.db.selectFrom('waves').selectAll().where('planVersionId', '=', planVersionId).orderBy('ordinal').execute(),
  );
  return rows.map((w) => ({ ...w, id: Number(w.id) }));
}

/**
 * A wave's plan version and ordinal, with its planned size and the number of distinct identities
 * its actions touch (the apply guard takes the larger); undefined when there is no such wave.
 */
export async function waveReach(
  store: Store,
  waveId: number,
): Promise<{ planVersionId: string; ordinal: number; size: number; identities: number } | undefined> {
  return storeCall('reading the plan of a wave', async () => {
    const wave = await store.db
      .selectFrom('waves')
      .select(['planVersionId', 'ordinal', 'size'])
      .where('id', '=', waveId)
      .executeTakeFirst();
    if (!wave) return undefined;
    const counted = await store.db
      .selectFrom('actions')
      .select((eb) => eb.fn.count<number>('identityKey').distinct().as('n'))
      .where('waveId', '=', waveId)
      .executeTakeFirstOrThrow();
    return {
      planVersionId: wave.planVersionId,
      ordinal: wave.ordinal,
      size: Number(wave.size),
      identities: Number(counted.n),
    };
  });
}
