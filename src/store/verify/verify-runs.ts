// The rows of `reclaim verify` runs (migration 0015): one started before the first person is read,
// finished with its counts in the same transaction as the verification's audit entry.
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';
import type { StoreTransaction } from '../write-transaction.ts';

export interface VerifyRunCounts {
  checked: number;
  changed: number;
  reset: number;
  missed: number;
}

export interface VerifyRun extends VerifyRunCounts {
  id: number;
  campaignId: string;
  at: string;
  t0: string;
  finishedAt: string;
}

export async function startVerifyRun(
  store: Store,
  input: { campaignId: string; t0: string; now: Date },
): Promise<number> {
  const row = await storeCall('recording the start of a verification', () =>
    store.db
      .insertInto('verifyRuns')
      .values({ campaignId: input.campaignId, at: input.now.toISOString(), t0: input.t0, finishedAt: null })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return Number(row.id);
}

/** Inside the transaction that appends the verification's audit entry. */
export async function finishVerifyRunIn(
  trx: StoreTransaction,
  input: { runId: number; counts: VerifyRunCounts; now: Date },
): Promise<void> {
  await trx
    .updateTable('verifyRuns')
    .set({
      finishedAt: input.now.toISOString(),
      checked: input.counts.checked,
      changed: input.counts.changed,
      resetCount: input.counts.reset,
      missedCount: input.counts.missed,
    })
    .where('id', '=', input.runId)
    .execute();
}

/** A finished run, or undefined for one that is unknown or was cut off before it finished. */
export async function findVerifyRun(store: Store, runId: number): Promise<VerifyRun | undefined> {
  const row = await storeCall('reading a verification', () =>
    store.db.selectFrom('verifyRuns').selectAll().where('id', '=', runId).executeTakeFirst(),
  );
  if (!row?.finishedAt) return undefined;
  return {
    id: Number(row.id),
    campaignId: row.campaignId,
    at: row.at,
    t0: row.t0,
    finishedAt: row.finishedAt,
    checked: Number(row.checked),
    changed: Number(row.changed),
    reset: Number(row.resetCount),
    missed: Number(row.missedCount),
  };
}
