// The console dashboard's reads beyond the tallies, all through the store's reader (off the event
// loop on SQLite): credentials the helpdesk issued, the last verification's figures, the accounts
// and manual tasks it did not see done, and the failed actions waiting for a retry.
import { sql } from 'kysely';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export async function countCredentialsIssued(store: Store, campaignId: string): Promise<number> {
  const row = await storeCall('counting credentials issued', () =>
    store.reader
      .selectFrom('auditLog')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'helpdesk.credential.issued')
      .where('details', 'like', `%"campaignId":${JSON.stringify(campaignId)}%`)
      .executeTakeFirst(),
  );
  return Number(row?.n ?? 0);
}

/** The audit entry of the campaign's last `verify`: when, and its figures (JSON details). */
export async function lastVerification(
  store: Store,
  campaignId: string,
): Promise<{ at: string; details: string } | undefined> {
  return storeCall('reading the last verification', () =>
    store.reader
      .selectFrom('auditLog')
      .select(['at', 'details'])
      .where('action', '=', 'verify')
      .where('target', '=', `campaign:${campaignId}`)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst(),
  );
}

/** Wave actions not verified (deadline and re-enable actions aside), in id order. */
export async function unverifiedWaveActions(store: Store, campaignId: string, limit: number) {
  return storeCall('listing missed accounts', () =>
    store.reader
      .selectFrom('actions')
      .select(['directory', 'identityName', 'waveId', 'state'])
      .where('campaignId', '=', campaignId)
      .where('waveId', 'is not', null)
      .where('state', 'in', ['planned', 'claimed', 'applied', 'failed'])
      .where('idempotencyKey', 'not like', `${campaignId}/deadline/%`)
      .where('idempotencyKey', 'not like', `${campaignId}/reenable/%`)
      .orderBy('id')
      .limit(limit)
      .execute(),
  );
}

/** Manual tasks the directory has not shown done (privileged resets, service account rotations). */
export async function unverifiedManualTasks(store: Store, campaignId: string, limit: number) {
  return storeCall('listing missed manual tasks', () =>
    store.reader
      .selectFrom('manualTasks')
      .select(['id', 'directory', 'identityName', 'waveId', 'state'])
      .where('campaignId', '=', campaignId)
      .where('state', '<>', 'verified')
      .orderBy('id')
      .limit(limit)
      .execute(),
  );
}

export async function countRetriesDue(store: Store, campaignId: string): Promise<number> {
  const row = await storeCall('counting retries due', () =>
    store.reader
      .selectFrom('actions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('campaignId', '=', campaignId)
      .where('state', '=', sql.lit('failed'))
      .where('failureRetryable', '=', sql.lit(1))
      .executeTakeFirst(),
  );
  return Number(row?.n ?? 0);
}
