// Gives each AD requireChange action the userAccountControl its identity had at discovery, so the
// AD connector can write it in one round trip (a modify conditional on that value, checked by the
// DC: src/directories/ad/require-change.ts). Only a hint: a stale one costs a read, nothing else.
// SAFETY: the hint comes from Reclaim's own latest snapshot for that objectGUID, never from a plan
// file, and only for an ordinary user account whose discovered name is the action's name: the
// connector skips its krbtgt read on this path, and a krbtgt account is never given a hint.
import type { Identity } from '../../core/identity.ts';
import type { NewAction } from '../../store/actions/insert-actions.ts';
import { readAdIdentities } from '../../store/identities/read-identities.ts';
import type { Store } from '../../store/open-store.ts';

const keysPerQuery = 500;

/** Adds params.expectedUserAccountControl to the requireChange actions whose identity the snapshots know. */
export async function withDiscoveredUac(
  store: Store,
  snapshots: ReadonlyMap<string, number>,
  actions: NewAction[],
): Promise<NewAction[]> {
  const byDirectory = new Map<string, NewAction[]>();
  for (const a of actions) {
    if (a.kind !== 'requireChange' || !snapshots.has(a.directory)) continue;
    byDirectory.set(a.directory, [...(byDirectory.get(a.directory) ?? []), a]);
  }
  for (const [directory, wanted] of byDirectory) {
    const snapshotId = snapshots.get(directory)!;
    const found = new Map<string, Identity>();
    for (let i = 0; i < wanted.length; i += keysPerQuery) {
      const keys = wanted.slice(i, i + keysPerQuery).map((a) => a.identityKey);
      for (const [key, identity] of await readAdIdentities(store, snapshotId, keys)) found.set(key, identity);
    }
    for (const a of wanted) {
      const identity = found.get(a.identityKey);
      if (
        identity?.accountType !== 'user' ||
        identity.name !== a.identityName ||
        identity.userAccountControl === undefined
      )
        continue;
      a.params = { ...a.params, expectedUserAccountControl: identity.userAccountControl };
    }
  }
  return actions;
}
