// Whether the campaign itself disabled an identity at its deadline and has not enabled it since:
// only then may the helpdesk re-enable it (a later disable is someone else's decision).
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export async function disabledByCampaign(
  store: Store,
  input: { campaignId: string; directory: string; identityKey: string; deadlineKey: string },
): Promise<boolean> {
  const disabled = await storeCall('reading enforcement of an identity', () =>
    store.db
      .selectFrom('actions')
      .select('id')
      .where('campaignId', '=', input.campaignId)
      .where('directory', '=', input.directory)
      .where('identityKey', '=', input.identityKey)
      .where('idempotencyKey', '=', input.deadlineKey)
      .where('state', 'in', ['applied', 'verified'])
      .executeTakeFirst(),
  );
  if (!disabled) return false;
  const enabledSince = await storeCall('reading enforcement of an identity', () =>
    store.db
      .selectFrom('actions')
      .select('id')
      .where('campaignId', '=', input.campaignId)
      .where('directory', '=', input.directory)
      .where('identityKey', '=', input.identityKey)
      .where('kind', '=', 'enable')
      .where('state', 'in', ['applied', 'verified'])
      .where('id', '>', disabled.id)
      .executeTakeFirst(),
  );
  return !enabledSince;
}
