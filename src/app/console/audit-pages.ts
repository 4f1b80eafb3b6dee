// The audit log as the console pages it: in order after a sequence number, or newest first with
// the sequence number to page back from; and the hash chain re-computed.
import type { App } from '../create-app.ts';
import { readAuditLog, readAuditLogNewestFirst } from '../../store/audit/read-audit-log.ts';
import { verifyAuditChain } from '../../store/audit/verify-audit-chain.ts';

export async function auditPage(app: App, input: { afterSeq: number; limit: number }) {
  return readAuditLog(await app.store(), input);
}

export async function newestAuditPage(app: App, input: { beforeSeq?: number; limit: number }) {
  const entries = await readAuditLogNewestFirst(await app.store(), input);
  const last = entries.at(-1);
  return { entries, nextBefore: entries.length === input.limit && last && last.seq > 1 ? last.seq : null };
}

export async function verifyAudit(app: App) {
  return verifyAuditChain(await app.store());
}
