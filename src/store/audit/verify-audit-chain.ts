// Re-computes every link of the audit chain, page by page. Any edited, deleted, inserted or
// reordered entry breaks the chain at the first seq it touches.
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';
import { auditEntryHash, auditGenesisHash } from './audit-entry-hash.ts';

export type AuditChainResult =
  | { ok: true; entries: number; headHash: string }
  | {
      ok: false;
      entries: number;
      brokenSeq: number;
      reason: 'hash-mismatch' | 'prev-hash-mismatch' | 'seq-gap' | 'details-not-json';
    };

export async function verifyAuditChain(store: Store, options: { pageSize?: number } = {}): Promise<AuditChainResult> {
  const pageSize = options.pageSize ?? 1000;
  let prevHash = auditGenesisHash;
  let expectedSeq = 1;
  let entries = 0;
  for (;;) {
    const after = expectedSeq - 1;
    const rows = await storeCall('reading the audit log', () =>
      store.db.selectFrom('auditLog').selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize).execute(),
    );
    for (const row of rows) {
      const broken = (reason: 'hash-mismatch' | 'prev-hash-mismatch' | 'seq-gap' | 'details-not-json') =>
        ({ ok: false, entries, brokenSeq: expectedSeq, reason }) as const;
      if (Number(row.seq) !== expectedSeq) return broken('seq-gap');
      if (row.prevHash !== prevHash) return broken('prev-hash-mismatch');
      let details: unknown;
      try {
        details = JSON.parse(row.details);
      } catch {
        return broken('details-not-json');
      }
      const hash = auditEntryHash(prevHash, { ...row, seq: Number(row.seq), details });
      if (hash !== row.hash) return broken('hash-mismatch');
      prevHash = row.hash;
      expectedSeq += 1;
      entries += 1;
    }
    if (rows.length < pageSize) return { ok: true, entries, headHash: prevHash };
  }
}
