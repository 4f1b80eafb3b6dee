// `reclaim operator oidc NAME --enable|--disable`: whether a console account may also sign in by
// OIDC single sign-on. Off by default for every account; withdrawing it ends the account's OIDC
// sessions at once. Audited.
import { appendAudit } from '../../store/audit/append-audit.ts';
import { setOperatorOidc } from '../../store/operators/set-operator-oidc.ts';
import type { App } from '../create-app.ts';

export async function setOperatorOidcAccess(
  app: App,
  input: { username: string; enabled: boolean },
): Promise<{ username: string; oidc: boolean; configured: boolean }> {
  const store = await app.store();
  const now = app.clock.now();
  await setOperatorOidc(store, { ...input, now });
  await appendAudit(store, {
    actor: app.operator,
    action: input.enabled ? 'operator.oidc.enable' : 'operator.oidc.disable',
    target: `operator:${input.username}`,
    source: 'cli',
    now,
  });
  return { username: input.username, oidc: input.enabled, configured: app.config.console.oidc?.enabled === true };
}
