// Whose password this campaign replaced: an administrative reset (resetPassword) the journal shows
// applied. Verification needs it to call a person "reset, awaiting their owner" from the directory's
// stamp: the journal says Reclaim wrote, the directory confirms the write landed after T0. Asked
// per page of people, never for the whole campaign.
import type { Store } from '../open-store.ts';
import { actionsOfIdentities } from './actions-of-identities.ts';

/** `${directory}\n${identityKey}` of those `identities` with an applied (or verified) resetPassword. */
export async function replacedPasswords(
  store: Store,
  campaignId: string,
  identities: Iterable<{ directory: string; key: string }>,
): Promise<Set<string>> {
  const rows = await actionsOfIdentities(store, {
    campaignId,
    identities,
    states: ['applied', 'verified'],
    kinds: ['resetPassword'],
  });
  return new Set(rows.map((r) => `${r.directory}\n${r.identityKey}`));
}
