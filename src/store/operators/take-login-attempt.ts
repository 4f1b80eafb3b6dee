// The per-address sign-in rate limit, kept in the store: an attempt is recorded unless the address
// already made `max` attempts within the window (then it is refused and not recorded). Older
// attempts of the address are pruned on the way. SAFETY: count and insert under one write lock
// (BEGIN IMMEDIATE on SQLite, a transaction-scoped advisory lock per address on PostgreSQL), so
// two console processes cannot both let through the attempt over the limit.
import { sql } from 'kysely';
import type { Store } from '../open-store.ts';
import { inWriteTransaction } from '../write-transaction.ts';

export async function takeLoginAttempt(
  store: Store,
  input: { address: string; now: Date; windowMs: number; max: number },
): Promise<boolean> {
  const since = new Date(input.now.getTime() - input.windowMs).toISOString();
  return inWriteTransaction(store, 'counting sign-in attempts', async (trx) => {
    if (store.dialect === 'postgres')
      await sql`select pg_advisory_xact_lock(hashtext(${`reclaim-login:${input.address}`}))`.execute(trx);
    await trx.deleteFrom('loginAttempts').where('address', '=', input.address).where('at', '<=', since).execute();
    const row = await trx
      .selectFrom('loginAttempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('address', '=', input.address)
      .executeTakeFirst();
    if (Number(row?.n ?? 0) >= input.max) return false;
    await trx.insertInto('loginAttempts').values({ address: input.address, at: input.now.toISOString() }).execute();
    return true;
  });
}
