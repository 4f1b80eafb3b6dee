// Reads the audit log in seq order, one page at a time (for the console and for reports).
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  source: string;
  ip: string | null;
  hash: string;
}

export async function readAuditLog(
  store: Store,
  input: { afterSeq?: number; limit?: number } = {},
): Promise<AuditEntry[]> {
  const rows = await storeCall('reading the audit log', () =>
    store.db
      .selectFrom('auditLog')
      .select(['seq', 'at', 'actor', 'action', 'target', 'details', 'source', 'ip', 'hash'])
      .where('seq', '>', input.afterSeq ?? 0)
      .orderBy('seq')
      .limit(input.limit ?? 100)
      .execute(),
  );
  return rows.map((r) => ({ ...r, seq: Number(r.seq), details: JSON.parse(r.details) as Record<string, unknown> }));
}
