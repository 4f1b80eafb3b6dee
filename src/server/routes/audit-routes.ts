// The audit log, page by page, and a full re-computation of its hash chain.
import { readAuditLog, readAuditLogNewestFirst } from '../../store/audit/read-audit-log.ts';
import { verifyAuditChain } from '../../store/audit/verify-audit-chain.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { ConsoleRoute } from '../console-route.ts';

export const auditRoutes: ConsoleRoute[] = [
  {
    method: 'GET',
    url: '/api/audit',
    permission: 'audit.read',
    summary:
      'Audit entries: in order after a sequence number (?after=N&limit=M), or newest first (?order=newest&before=N&limit=M, nextBefore pages back)',
    async handler(ctx) {
      const limit = Math.min(500, Math.max(1, Number(ctx.query.limit ?? 100) || 100));
      const store = await ctx.app.store();
      if (ctx.query.order === 'newest') {
        const before = Number(ctx.query.before);
        const entries = await readAuditLogNewestFirst(store, {
          ...(Number.isInteger(before) && before > 0 ? { beforeSeq: before } : {}),
          limit,
        });
        const last = entries.at(-1);
        return { entries, nextBefore: entries.length === limit && last && last.seq > 1 ? last.seq : null };
      }
      if (ctx.query.order !== undefined && ctx.query.order !== 'oldest')
        throw new ReclaimError('INPUT_INVALID', 'order: newest or oldest');
      const after = Math.max(0, Number(ctx.query.after ?? 0) || 0);
      return { entries: await readAuditLog(store, { afterSeq: after, limit }) };
    },
  },
  {
    method: 'GET',
    url: '/api/audit/verify',
    permission: 'audit.read',
    summary: 'Re-compute every link of the hash chain',
    async handler(ctx) {
      return verifyAuditChain(await ctx.app.store());
    },
  },
];
