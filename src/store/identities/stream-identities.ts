// Reads a snapshot's identities back page by page (keyset pagination on the key), so a million
// identities never sit in memory at once.
import type { Identity } from '../../core/identity.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export interface StreamIdentitiesOptions {
  snapshotId: number;
  pageSize?: number;
  /** only identities with (or without) a privilege reason */
  privileged?: boolean;
  department?: string;
  kind?: 'ad' | 'entra';
}

export async function* streamIdentities(store: Store, options: StreamIdentitiesOptions): AsyncGenerator<Identity[]> {
  const pageSize = options.pageSize ?? 1000;
  let after: string | null = null;
  for (;;) {
    const cursor: string | null = after;
    const rows: { key: string; data: string }[] = await storeCall('reading identities', () =>
      store.db
        .selectFrom('identities')
        .select(['key', 'data'])
        .where('snapshotId', '=', options.snapshotId)
        .$if(cursor !== null, (q) => q.where('key', '>', cursor as string))
        .$if(options.privileged !== undefined, (q) => q.where('privileged', '=', options.privileged ? 1 : 0))
        .$if(options.department !== undefined, (q) => q.where('department', '=', options.department as string))
        .$if(options.kind !== undefined, (q) => q.where('kind', '=', options.kind as string))
        .orderBy('key')
        .limit(pageSize)
        .execute(),
    );
    if (rows.length === 0) return;
    yield rows.map((row) => JSON.parse(row.data) as Identity);
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.key;
  }
}
