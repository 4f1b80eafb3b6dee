// Reads the audit log one page at a time: in seq order after a sequence number (reports, the
// chain), or newest first before one (the console's audit screen pages back from the latest entry).
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
  return rows.map(toEntry);
}

/** Newest first: the `limit` entries before `beforeSeq` (or the latest ones without it). */
export async function readAuditLogNewestFirst(
  store: Store,
  input: { beforeSeq?: number; limit: number },
): Promise<AuditEntry[]> {
  const rows = await storeCall('reading the audit log', () => {
    let q = store.db
      .selectFrom('auditLog')
      .select(['seq', 'at', 'actor', 'action', 'target', 'details', 'source', 'ip', 'hash']);
    if (input.beforeSeq !== undefined) q = q.where('seq', '<', input.beforeSeq);
    return q.orderBy('seq', 'desc').limit(input.limit).execute();
  });
  return rows.map(toEntry);
}

function toEntry(r: Omit<AuditEntry, 'details' | 'seq'> & { seq: number | string; details: string }): AuditEntry {
  return { ...r, seq: Number(r.seq), details: JSON.parse(r.details) as Record<string, unknown> };
}
