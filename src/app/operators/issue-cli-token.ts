// A single-use token proving a signed-in console operator to one approving CLI command: only its
// hash is stored; the issue is audited (without the token).
import type { App } from '../create-app.ts';
import { appendAudit } from '../../store/audit/append-audit.ts';
import { issueOperatorToken } from '../../store/operators/operator-tokens.ts';

export async function issueCliToken(
  app: App,
  input: { operator: { id: string; username: string }; ip: string; purpose: string; ttlMs: number },
) {
  const store = await app.store();
  const now = app.clock.now();
  const issued = await issueOperatorToken(store, {
    operatorId: input.operator.id,
    purpose: input.purpose,
    ttlMs: input.ttlMs,
    now,
  });
  await appendAudit(store, {
    actor: input.operator.username,
    action: 'console.cli-token',
    source: 'console',
    ip: input.ip,
    now,
    details: { expiresAt: issued.expiresAt, purpose: input.purpose },
  });
  return issued;
}
