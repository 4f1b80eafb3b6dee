// Whose password this campaign replaced: an administrative reset (resetPassword) the journal shows
// applied. Verification needs it to call a person "reset, awaiting their owner" from the directory's
// stamp: the journal says Reclaim wrote, the directory confirms the write landed after T0.
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

/** `${directory}\n${identityKey}` of every identity with an applied (or verified) resetPassword. */
export async function replacedPasswords(store: Store, campaignId: string): Promise<Set<string>> {
  const rows = await storeCall('reading the applied resets', () =>
    store.db
      .selectFrom('actions')
      .select(['directory', 'identityKey'])
      .where('campaignId', '=', campaignId)
      .where('kind', '=', 'resetPassword')
      .where('state', 'in', ['applied', 'verified'])
      .execute(),
  );
  return new Set(rows.map((r) => `${r.directory}\n${r.identityKey}`));
}
