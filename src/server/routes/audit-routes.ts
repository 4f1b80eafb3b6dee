// The audit log, page by page, and a full re-computation of its hash chain.
import { readAuditLog } from '../../store/audit/read-audit-log.ts';
import { verifyAuditChain } from '../../store/audit/verify-audit-chain.ts';
import type { ConsoleRoute } from '../console-route.ts';

export const auditRoutes: ConsoleRoute[] = [
  {
    method: 'GET',
    url: '/api/audit',
    permission: 'audit.read',
    summary: 'Audit entries after a sequence number (?after=N&limit=M)',
    async handler(ctx) {
      const after = Math.max(0, Number(ctx.query.after ?? 0) || 0);
      const limit = Math.min(500, Math.max(1, Number(ctx.query.limit ?? 100) || 100));
      return { entries: await readAuditLog(await ctx.app.store(), { afterSeq: after, limit }) };
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
