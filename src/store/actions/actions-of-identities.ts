// The campaign's actions of some identities (a page of the people being verified), read through
// the (campaign, directory, identity) index: verification asks per page instead of loading every
// action of the campaign, so what it holds follows the page, not the campaign's size.
import type { ActionState } from '../database.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export interface IdentityAction {
  id: number;
  directory: string;
  identityKey: string;
}

// keys a statement: well under both dialects' bound-parameter limits
const keysPerStatement = 500;

export async function actionsOfIdentities(
  store: Store,
  input: {
    campaignId: string;
    identities: Iterable<{ directory: string; key: string }>;
    states: readonly ActionState[];
    kinds?: readonly string[];
  },
): Promise<IdentityAction[]> {
  const byDirectory = new Map<string, Set<string>>();
  for (const { directory, key } of input.identities) {
    const keys = byDirectory.get(directory) ?? new Set<string>();
    byDirectory.set(directory, keys.add(key));
  }
  const found: IdentityAction[] = [];
  for (const [directory, set] of byDirectory) {
    const keys = [...set];
    for (let i = 0; i < keys.length; i += keysPerStatement) {
      const rows = await storeCall('reading the actions of the people verified', () =>
        store.db
          .selectFrom('actions')
          .select(['id', 'directory', 'identityKey'])
          .where('campaignId', '=', input.campaignId)
          .where('directory', '=', directory)
          .where('identityKey', 'in', keys.slice(i, i + keysPerStatement))
          .where('state', 'in', [...input.states])
          .$if(input.kinds !== undefined, (q) => q.where('kind', 'in', [...input.kinds!]))
          .execute(),
      );
      for (const r of rows) found.push({ ...r, id: Number(r.id) });
    }
  }
  return found;
}
