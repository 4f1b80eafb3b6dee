// Appends one entry to the hash-chained audit log. Appends are serialised so two writers never
// link to the same head: PostgreSQL takes a transaction-scoped advisory lock; SQLite runs inside
// BEGIN IMMEDIATE (inWriteTransaction). `appendAuditIn` joins a caller's transaction, so a change
// and its audit entry commit together.
import { sql } from 'kysely';
import type { Store } from '../open-store.ts';
import type { StoreDialect } from '../store-dialect.ts';
import { canonicalJson } from '../../core/canonical-json.ts';
import { inWriteTransaction, type StoreTransaction } from '../write-transaction.ts';
import { auditEntryHash, auditGenesisHash } from './audit-entry-hash.ts';

export interface AuditInput {
  actor: string;
  action: string;
  target?: string | null;
  /** facts about the change; never secrets */
  details?: Record<string, unknown>;
  source: 'cli' | 'console' | 'engine';
  ip?: string | null;
  now: Date;
}

export interface AuditAppended {
  seq: number;
  hash: string;
}

// An arbitrary constant naming the audit chain's advisory lock on PostgreSQL.
const auditLockKey = 0x52434c41;

export async function appendAudit(store: Store, input: AuditInput): Promise<AuditAppended> {
  return inWriteTransaction(store, 'appending to the audit log', (trx) => appendAuditIn(trx, store.dialect, input));
}

export async function appendAuditIn(
  trx: StoreTransaction,
  dialect: StoreDialect,
  input: AuditInput,
): Promise<AuditAppended> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${auditLockKey})`.execute(trx);
  const head = await trx
    .selectFrom('auditLog')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const details = JSON.parse(canonicalJson(input.details ?? {})) as unknown;
  const entry = {
    seq: (head?.seq ?? 0) + 1,
    at: input.now.toISOString(),
    actor: input.actor,
    action: input.action,
    target: input.target ?? null,
    details,
    source: input.source,
    ip: input.ip ?? null,
  };
  const prevHash = head?.hash ?? auditGenesisHash;
  const hash = auditEntryHash(prevHash, entry);
  await trx
    .insertInto('auditLog')
    .values({ ...entry, details: canonicalJson(details), prevHash, hash })
    .execute();
  return { seq: entry.seq, hash };
}
