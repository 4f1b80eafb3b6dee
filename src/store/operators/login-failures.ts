// Failed console and CLI sign-ins, counted per (typed name, address), with a lockout that doubles
// each time the pair is locked again. SAFETY: a guesser at one address cannot lock the operator out
// at another (no denial of service by lockout), and an unknown name is counted and locked exactly
// like a known one (the answers do not tell which names exist). Only a SHA-256 of the name is kept.
import { createHash } from 'node:crypto';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';
import { inWriteTransaction } from '../write-transaction.ts';

export interface LockoutPolicy {
  /** failures in a row that lock the pair */
  lockAfter: number;
  /** the first lock's length; each further lock of the same pair doubles it */
  firstLockMs: number;
  maxLockMs: number;
  /** a pair quiet this long starts again from nothing */
  forgetAfterMs: number;
}

export const nameKeyOf = (username: string): string =>
  createHash('sha256').update(username.trim().toLowerCase()).digest('hex');

/** When the pair is locked now: until when; otherwise null. */
export async function readLoginLock(
  store: Store,
  input: { nameKey: string; address: string; now: Date },
): Promise<string | null> {
  const row = await storeCall('reading failed sign-ins', () =>
    store.db
      .selectFrom('loginFailures')
      .select('lockedUntil')
      .where('nameKey', '=', input.nameKey)
      .where('address', '=', input.address)
      .executeTakeFirst(),
  );
  return row?.lockedUntil && row.lockedUntil > input.now.toISOString() ? row.lockedUntil : null;
}

/** Counts one failure atomically (parallel guesses cannot slip past the limit); returns the lock it caused. */
export async function recordLoginFailure(
  store: Store,
  input: { nameKey: string; address: string; policy: LockoutPolicy; now: Date },
): Promise<{ failures: number; lockedUntil: string | null }> {
  const now = input.now.toISOString();
  const forgotten = new Date(input.now.getTime() - input.policy.forgetAfterMs).toISOString();
  return inWriteTransaction(store, 'recording a failed sign-in', async (trx) => {
    await trx.deleteFrom('loginFailures').where('updatedAt', '<', forgotten).execute();
    const row = await trx
      .selectFrom('loginFailures')
      .selectAll()
      .where('nameKey', '=', input.nameKey)
      .where('address', '=', input.address)
      .executeTakeFirst();
    let failures = Number(row?.failures ?? 0) + 1;
    let lockLevel = Number(row?.lockLevel ?? 0);
    let lockedUntil: string | null = null;
    if (failures >= input.policy.lockAfter) {
      const lockMs = Math.min(input.policy.firstLockMs * 2 ** lockLevel, input.policy.maxLockMs);
      lockedUntil = new Date(input.now.getTime() + lockMs).toISOString();
      lockLevel += 1;
      failures = 0;
    }
    const values = { failures, lockLevel, lockedUntil, updatedAt: now };
    if (row)
      await trx
        .updateTable('loginFailures')
        .set(values)
        .where('nameKey', '=', input.nameKey)
        .where('address', '=', input.address)
        .execute();
    else
      await trx
        .insertInto('loginFailures')
        .values({ nameKey: input.nameKey, address: input.address, ...values })
        .execute();
    return { failures: lockedUntil ? input.policy.lockAfter : failures, lockedUntil };
  });
}

/** A good sign-in forgets the pair's failures and locks. */
export async function clearLoginFailures(store: Store, input: { nameKey: string; address: string }): Promise<void> {
  await storeCall('recording a sign-in', () =>
    store.db
      .deleteFrom('loginFailures')
      .where('nameKey', '=', input.nameKey)
      .where('address', '=', input.address)
      .execute(),
  );
}

/** An administrator's unlock: every address's failures and locks for the name. Returns the pairs cleared. */
export async function unlockLoginName(store: Store, nameKey: string): Promise<number> {
  const result = await storeCall('unlocking sign-in', () =>
    store.db.deleteFrom('loginFailures').where('nameKey', '=', nameKey).executeTakeFirst(),
  );
  return Number(result.numDeletedRows);
}
