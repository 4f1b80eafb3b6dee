// The operator lifecycle in the store: the accounts with what an administrator needs to see
// (sessions open, addresses locked), and the changes `reclaim operator disable|enable|unlock|reset|
// end-sessions` make. Ending access deletes the account's sessions and its unused CLI tokens.
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';
import { inWriteTransaction, type StoreTransaction } from '../write-transaction.ts';
import type { OperatorRole } from '../database.ts';
import { nameKeyOf } from './login-failures.ts';

export interface OperatorAccountRow {
  id: string;
  username: string;
  displayName: string;
  role: OperatorRole;
  createdAt: string;
  disabledAt: string | null;
  oidc: boolean;
  openSessions: number;
  lastSeenAt: string | null;
  /** addresses this name is locked at now (failed sign-ins) */
  lockedAddresses: number;
}

export async function listOperatorAccounts(store: Store, now: Date): Promise<OperatorAccountRow[]> {
  const at = now.toISOString();
  return storeCall('listing console accounts', async () => {
    const operators = await store.db
      .selectFrom('operators')
      .select(['id', 'username', 'displayName', 'role', 'createdAt', 'disabledAt', 'oidcEnabledAt'])
      .orderBy('username')
      .execute();
    const sessions = await store.db
      .selectFrom('sessions')
      .select(['operatorId', 'lastSeenAt', 'createdAt'])
      .where('expiresAt', '>', at)
      .execute();
    const locks = await store.db.selectFrom('loginFailures').select('nameKey').where('lockedUntil', '>', at).execute();
    return operators.map((o) => {
      const own = sessions
        .filter((s) => s.operatorId === o.id)
        .map((s) => s.lastSeenAt ?? s.createdAt)
        .sort();
      const key = nameKeyOf(o.username);
      return {
        id: o.id,
        username: o.username,
        displayName: o.displayName,
        role: o.role,
        createdAt: o.createdAt,
        disabledAt: o.disabledAt,
        oidc: o.oidcEnabledAt !== null,
        openSessions: own.length,
        lastSeenAt: own.at(-1) ?? null,
        lockedAddresses: locks.filter((l) => l.nameKey === key).length,
      };
    });
  });
}

async function endAccess(trx: StoreTransaction, operatorId: string): Promise<number> {
  const ended = await trx.deleteFrom('sessions').where('operatorId', '=', operatorId).executeTakeFirst();
  await trx.deleteFrom('operatorTokens').where('operatorId', '=', operatorId).where('usedAt', 'is', null).execute();
  return Number(ended.numDeletedRows);
}

export async function endOperatorSessions(store: Store, operatorId: string): Promise<number> {
  return inWriteTransaction(store, 'ending console sessions', (trx) => endAccess(trx, operatorId));
}

/** Disabling ends the account's sessions and unused tokens in the same transaction. */
export async function setOperatorDisabled(
  store: Store,
  input: { operatorId: string; disabledAt: string | null },
): Promise<number> {
  return inWriteTransaction(
    store,
    input.disabledAt ? 'disabling a console account' : 'enabling a console account',
    async (trx) => {
      await trx
        .updateTable('operators')
        .set({ disabledAt: input.disabledAt })
        .where('id', '=', input.operatorId)
        .execute();
      return input.disabledAt ? endAccess(trx, input.operatorId) : 0;
    },
  );
}

/** New password hash and TOTP secret; every session, unused token and lock of the account ends. */
export async function replaceOperatorCredentials(
  store: Store,
  input: { operatorId: string; username: string; passwordHash: string; totpSecretEncrypted: string },
): Promise<number> {
  return inWriteTransaction(store, 'resetting a console account', async (trx) => {
    await trx
      .updateTable('operators')
      .set({ passwordHash: input.passwordHash, totpSecretEncrypted: input.totpSecretEncrypted, lastTotpStep: null })
      .where('id', '=', input.operatorId)
      .execute();
    await trx.deleteFrom('loginFailures').where('nameKey', '=', nameKeyOf(input.username)).execute();
    return endAccess(trx, input.operatorId);
  });
}
