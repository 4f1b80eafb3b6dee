// The newest verification of a caller by this helpdesk agent, still valid (the agent who verified
// is the one who may issue a credential).
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export async function recentVerification(
  store: Store,
  input: { campaignId: string; directory: string; identityKey: string; verifiedBy: string; since: string },
): Promise<{ id: number } | undefined> {
  return storeCall('reading helpdesk verifications', () =>
    store.db
      .selectFrom('helpdeskVerifications')
      .select('id')
      .where('campaignId', '=', input.campaignId)
      .where('directory', '=', input.directory)
      .where('identityKey', '=', input.identityKey)
      .where('verifiedBy', '=', input.verifiedBy)
      .where('outcome', '=', 'verified')
      .where('verifiedAt', '>=', input.since)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
  );
}
