// The identities of some snapshots that carry given keys or SIDs: discovery links a page of Entra
// users to their AD objects by asking the store for the page's anchors (an objectGUID is an AD
// identity's key; its objectSid the indexed `sid` column, migration 0017), never by holding every
// AD account. Asked in chunks so each statement stays within both dialects' bound parameters.
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export interface AnchoredIdentity {
  snapshotId: number;
  directory: string;
  key: string;
  /** upper-cased objectSid, when stored */
  sid: string | null;
}

const valuesPerStatement = 500;

/** Identities of these snapshots whose key is one of `keys`. */
export function findIdentitiesByKey(
  store: Store,
  snapshotIds: readonly number[],
  keys: readonly string[],
): Promise<AnchoredIdentity[]> {
  return findBy(store, snapshotIds, keys, 'key');
}

/** Identities of these snapshots whose stored SID is one of `sids` (upper-cased). */
export function findIdentitiesBySid(
  store: Store,
  snapshotIds: readonly number[],
  sids: readonly string[],
): Promise<AnchoredIdentity[]> {
  return findBy(store, snapshotIds, sids, 'sid');
}

async function findBy(
  store: Store,
  snapshotIds: readonly number[],
  values: readonly string[],
  column: 'key' | 'sid',
): Promise<AnchoredIdentity[]> {
  const wanted = [...new Set(values)];
  if (snapshotIds.length === 0 || wanted.length === 0) return [];
  const found: AnchoredIdentity[] = [];
  for (let i = 0; i < wanted.length; i += valuesPerStatement) {
    const chunk = wanted.slice(i, i + valuesPerStatement);
    const rows = await storeCall(`finding identities by ${column}`, () =>
      store.db
        .selectFrom('identities')
        .select(['snapshotId', 'directory', 'key', 'sid'])
        .where('snapshotId', 'in', [...snapshotIds])
        .where(column, 'in', chunk)
        .execute(),
    );
    for (const row of rows) found.push({ ...row, snapshotId: Number(row.snapshotId) });
  }
  return found;
}
