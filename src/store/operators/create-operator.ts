// Console operators: Reclaim's own accounts, independent of the possibly compromised corporate
// IdP. The store keeps only a password hash (argon2id, computed by the caller) and an encrypted
// TOTP secret, never a password.
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { OperatorRole, OperatorsTable } from '../database.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export type OperatorRow = Selectable<OperatorsTable>;

export async function createOperator(
  store: Store,
  input: {
    username: string;
    displayName: string;
    role: OperatorRole;
    passwordHash: string;
    totpSecretEncrypted?: string;
    now: Date;
  },
): Promise<OperatorRow> {
  const row: OperatorRow = {
    id: randomUUID(),
    username: input.username,
    displayName: input.displayName,
    role: input.role,
    passwordHash: input.passwordHash,
    totpSecretEncrypted: input.totpSecretEncrypted ?? null,
    failedLogins: 0,
    lockedUntil: null,
    lastTotpStep: null,
    disabledAt: null,
    createdAt: input.now.toISOString(),
    oidcEnabledAt: null,
  };
  // A taken username is STORE_CONFLICT (unique index on username).
  await storeCall(`creating operator ${input.username}`, () => store.db.insertInto('operators').values(row).execute());
  return row;
}

export async function findOperatorByUsername(store: Store, username: string): Promise<OperatorRow | undefined> {
  return storeCall('reading an operator', () =>
    store.db.selectFrom('operators').selectAll().where('username', '=', username).executeTakeFirst(),
  );
}

export async function findOperatorById(store: Store, id: string): Promise<OperatorRow | undefined> {
  return storeCall('reading an operator', () =>
    store.db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst(),
  );
}

/** How many console accounts the store holds (the first one must be an admin). */
export async function countOperators(store: Store): Promise<number> {
  const row = await storeCall('counting operators', () =>
    store.db
      .selectFrom('operators')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  );
  return Number(row.n);
}
