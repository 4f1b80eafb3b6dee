// Console accounts in the console: the list an administrator needs (role, state, sessions, locks)
// and the lifecycle changes. The same rules as the CLI (manage-operators.ts): a proven admin or
// commander signed in with the password and one-time code (not single sign-on), never on oneself
// for disable or reset; a reset's new password and enrolment URI are shown once, never cached.
import { z } from 'zod';
import {
  changeOperator,
  listOperators,
  operatorChanges,
  type OperatorChange,
} from '../../app/operators/manage-operators.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { ConsoleRoute } from '../console-route.ts';
import { parseBody } from '../parse-body.ts';

const changeBody = z.object({ reason: z.string().max(500).optional() }).strict();

export const operatorRoutes: ConsoleRoute[] = [
  {
    method: 'GET',
    url: '/api/operators',
    permission: 'operator.manage',
    summary: 'Console accounts: role, state, open sessions, last use, addresses locked by failed sign-ins',
    async handler(ctx) {
      return { operators: await listOperators(ctx.app) };
    },
  },
  {
    method: 'POST',
    url: '/api/operators/:username/:change',
    permission: 'operator.manage',
    body: changeBody,
    summary: `Change a console account: ${operatorChanges.join(', ')} (reset answers a new initial password and TOTP enrolment URI, once)`,
    async handler(ctx) {
      const change = ctx.params.change as OperatorChange;
      if (!operatorChanges.includes(change))
        throw new ReclaimError(
          'INPUT_INVALID',
          `change: one of ${operatorChanges.join(', ')}, not ${JSON.stringify(ctx.params.change).slice(0, 40)}`,
        );
      const body = parseBody(changeBody, ctx.body ?? {});
      const r = await changeOperator(ctx.app, {
        username: ctx.params.username!,
        change,
        ...(body.reason ? { reason: body.reason } : {}),
        source: 'console',
        ip: ctx.actor.ip,
      });
      void ctx.reply.header('cache-control', 'no-store');
      return { ...r, password: r.password?.reveal(), enrolmentUri: r.enrolmentUri?.reveal() };
    },
  },
];
