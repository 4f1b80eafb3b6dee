// The store-held OIDC switch (`reclaim operator oidc-switch off|on`): the incident commander's way
// to stop single sign-on at once when the IdP is found compromised, on every `reclaim serve`
// sharing the store, without a restart (the config's `console.oidc.enabled: false` needs one).
// Kept as one row of the settings table, so it needs no migration. Switching off ends every
// session opened by OIDC and drops every pending OIDC sign-in, audited in the same transaction.
import { appendAuditIn } from '../audit/append-audit.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';
import { inWriteTransaction } from '../write-transaction.ts';

export const oidcSwitchKey = 'console.oidc.switch';

export interface OidcSwitchState {
  on: boolean;
  changedAt: string | null;
  changedBy: string | null;
  reason: string | null;
}

/** Read on every OIDC sign-in, callback and request of an OIDC session (one primary-key lookup). */
export async function readOidcSwitch(store: Store): Promise<OidcSwitchState> {
  const row = await storeCall('reading the OIDC switch', () =>
    store.db
      .selectFrom('settings')
      .select(['value', 'updatedAt', 'updatedBy'])
      .where('key', '=', oidcSwitchKey)
      .executeTakeFirst(),
  );
  if (!row) return { on: true, changedAt: null, changedBy: null, reason: null };
  const value = parseSwitch(row.value);
  // SAFETY: anything but an explicit { on: true } reads as off: a damaged row never means "go ahead".
  return {
    on: value?.on === true,
    changedAt: row.updatedAt,
    changedBy: row.updatedBy,
    reason: typeof value?.reason === 'string' ? value.reason : null,
  };
}

/** The live sessions that switching off would end (for the dry run). */
export async function countOidcSessions(store: Store, now: Date): Promise<number> {
  const row = await storeCall('counting OIDC sessions', () =>
    store.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('authMethod', '=', 'oidc')
      .where('expiresAt', '>', now.toISOString())
      .executeTakeFirstOrThrow(),
  );
  return Number(row.n);
}

export async function setOidcSwitch(
  store: Store,
  input: { on: boolean; by: string; source: 'cli' | 'console'; ip?: string; reason?: string; now: Date },
): Promise<{ endedSessions: number; droppedSignIns: number }> {
  return inWriteTransaction(store, `switching OIDC sign-in ${input.on ? 'on' : 'off'}`, async (trx) => {
    const value = JSON.stringify({ on: input.on, ...(input.reason ? { reason: input.reason } : {}) });
    const updatedAt = input.now.toISOString();
    await trx
      .insertInto('settings')
      .values({ key: oidcSwitchKey, value, updatedAt, updatedBy: input.by })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updatedAt, updatedBy: input.by }))
      .execute();
    let endedSessions = 0;
    let droppedSignIns = 0;
    if (!input.on) {
      endedSessions = Number(
        (await trx.deleteFrom('sessions').where('authMethod', '=', 'oidc').executeTakeFirst()).numDeletedRows,
      );
      droppedSignIns = Number((await trx.deleteFrom('oidcFlows').executeTakeFirst()).numDeletedRows);
    }
    await appendAuditIn(trx, store.dialect, {
      actor: input.by,
      action: input.on ? 'console.oidc.switch-on' : 'console.oidc.switch-off',
      target: 'console:oidc',
      details: {
        ...(input.reason ? { reason: input.reason } : {}),
        ...(input.on ? {} : { endedSessions, droppedSignIns }),
      },
      source: input.source,
      ip: input.ip ?? null,
      now: input.now,
    });
    return { endedSessions, droppedSignIns };
  });
}

function parseSwitch(text: string): { on?: unknown; reason?: unknown } | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as { on?: unknown; reason?: unknown }) : undefined;
  } catch {
    return undefined;
  }
}
