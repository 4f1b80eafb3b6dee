// POST /api/cli-token: a single-use token, valid 5 minutes, that proves the signed-in operator to
// one approving CLI command (RECLAIM_OPERATOR_TOKEN=... reclaim approve). SAFETY: shown once, only
// its hash stored; issued only to a session opened with the console's own password + one-time code,
// not by single sign-on (an approval must not rest on an IdP that may be the attacker's).
import { z } from 'zod';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { issueCliToken } from '../../app/operators/issue-cli-token.ts';
import type { ConsoleRoute } from '../console-route.ts';
import { parseBody } from '../parse-body.ts';

export const cliTokenTtlMs = 5 * 60_000;
const tokenBody = z.object({ purpose: z.string().max(200).optional() }).strict();

export const operatorTokenRoutes: ConsoleRoute[] = [
  {
    method: 'POST',
    url: '/api/cli-token',
    permission: 'cli.token',
    body: tokenBody,
    summary: 'A single-use token (5 minutes) proving you to one approving CLI command: RECLAIM_OPERATOR_TOKEN',
    async handler(ctx) {
      const body = parseBody(tokenBody, ctx.body ?? {});
      if (ctx.session.authMethod !== 'password') {
        throw new ReclaimError(
          'PERMISSION_DENIED',
          'A CLI token needs a console sign-in with your password and one-time code, not single sign-on',
        );
      }
      const issued = await issueCliToken(ctx.app, {
        operator: { id: ctx.operator.id, username: ctx.operator.username },
        ip: ctx.actor.ip,
        purpose: body.purpose ?? 'cli',
        ttlMs: cliTokenTtlMs,
      });
      void ctx.reply.header('cache-control', 'no-store');
      return {
        token: issued.token,
        expiresAt: issued.expiresAt,
        use: 'RECLAIM_OPERATOR_TOKEN=<token> reclaim approve',
      };
    },
  },
];
