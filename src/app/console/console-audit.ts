// An audit entry for something an operator did in the console: the proven account is the actor,
// the request's address is kept.
import type { App } from '../create-app.ts';
import { appendAudit } from '../../store/audit/append-audit.ts';
import type { ConsoleActor } from './helpdesk-credential.ts';

export async function auditConsoleAction(
  app: App,
  actor: Pick<ConsoleActor, 'username' | 'ip'>,
  entry: { action: string; target?: string; details?: Record<string, unknown> },
): Promise<void> {
  await appendAudit(await app.store(), {
    actor: actor.username,
    action: entry.action,
    ...(entry.target ? { target: entry.target } : {}),
    source: 'console',
    ip: actor.ip,
    now: app.clock.now(),
    ...(entry.details ? { details: entry.details } : {}),
  });
}
