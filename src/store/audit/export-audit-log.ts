// The audit log exported whole, one page at a time in seq order, each entry with every column
// (prev_hash and hash included), so anyone holding the export can recompute the chain.
import type { Selectable } from 'kysely';
import type { AuditLogTable } from '../database.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export type AuditLogRow = Selectable<AuditLogTable>;

export async function auditLogPage(store: Store, input: { afterSeq: number; limit: number }): Promise<AuditLogRow[]> {
  const rows = await storeCall('exporting the audit log', () =>
    store.db
      .selectFrom('auditLog')
      .selectAll()
      .where('seq', '>', input.afterSeq)
      .orderBy('seq')
      .limit(input.limit)
      .execute(),
  );
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}
