// The audit log, page by page, and a full re-computation of its hash chain.
import { auditPage, newestAuditPage, verifyAudit } from '../../app/console/audit-pages.ts';
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
      if (ctx.query.order === 'newest') {
        const before = Number(ctx.query.before);
        return newestAuditPage(ctx.app, {
          ...(Number.isInteger(before) && before > 0 ? { beforeSeq: before } : {}),
          limit,
        });
      }
      if (ctx.query.order !== undefined && ctx.query.order !== 'oldest')
        throw new ReclaimError('INPUT_INVALID', 'order: newest or oldest');
      const after = Math.max(0, Number(ctx.query.after ?? 0) || 0);
      return { entries: await auditPage(ctx.app, { afterSeq: after, limit }) };
    },
  },
  {
    method: 'GET',
    url: '/api/audit/verify',
    permission: 'audit.read',
    summary: 'Re-compute every link of the hash chain',
    async handler(ctx) {
      return verifyAudit(ctx.app);
    },
  },
];
