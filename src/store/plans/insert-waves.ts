// The waves of one plan version, in order; actions point at them.
import type { Store } from '../open-store.ts';
import { inWriteTransaction } from '../write-transaction.ts';

export interface NewWave {
  ordinal: number;
  name: string;
  startsAt: Date;
  deadlineAt: Date;
  graceUntil?: Date;
  size: number;
}

/** Returns the wave ids in the order given. */
export async function insertWaves(store: Store, planVersionId: string, waves: readonly NewWave[]): Promise<number[]> {
  if (waves.length === 0) return [];
  return inWriteTransaction(store, 'storing waves', async (trx) => {
    const rows = await trx
      .insertInto('waves')
      .values(
        waves.map((w) => ({
          planVersionId,
          ordinal: w.ordinal,
          name: w.name,
          startsAt: w.startsAt.toISOString(),
          deadlineAt: w.deadlineAt.toISOString(),
          graceUntil: w.graceUntil?.toISOString() ?? null,
          size: w.size,
        })),
      )
      .returning(['id', 'ordinal'])
      .execute();
    const byOrdinal = new Map(rows.map((r) => [r.ordinal, r.id]));
    return waves.map((w) => byOrdinal.get(w.ordinal)!);
  });
}
