// The audit chain's link: hash = sha256(prev_hash + canonical JSON of the entry). Any change to a
// stored entry, or to the order of entries, changes every hash after it.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../core/canonical-json.ts';

/** The hash that precedes the first entry. */
export const auditGenesisHash = '0'.repeat(64);

export interface AuditEntryFields {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  details: unknown;
  source: string;
  ip: string | null;
}

export function auditEntryHash(prevHash: string, entry: AuditEntryFields): string {
  const body = canonicalJson({
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    details: entry.details,
    source: entry.source,
    ip: entry.ip,
  });
  return createHash('sha256')
    .update(prevHash + body)
    .digest('hex');
}
