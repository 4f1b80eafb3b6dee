// `reclaim operator oidc-switch off|on`: OIDC single sign-on off (or on again) for every console
// account at once, held in the store so every running `reclaim serve` obeys it at the next
// request. A dry run unless confirmed: it then only says what would change. Audited.
import { countOidcSessions, readOidcSwitch, setOidcSwitch } from '../../store/operators/oidc-switch.ts';
import type { App } from '../create-app.ts';

export interface OidcSwitchResult {
  /** the switch after the command (unchanged in a dry run) */
  on: boolean;
  wasOn: boolean;
  dryRun: boolean;
  /** OIDC sessions ended (a dry run: live ones that would end) */
  endedSessions: number;
  /** whether console.oidc is configured and enabled in this config */
  configured: boolean;
  changedAt: string | null;
  changedBy: string | null;
  reason: string | null;
}

export async function switchOidcSignIn(
  app: App,
  input: { on: boolean; confirmed: boolean; reason?: string },
): Promise<OidcSwitchResult> {
  const store = await app.store();
  const now = app.clock.now();
  const configured = app.config.console.oidc?.enabled === true;
  const before = await readOidcSwitch(store);
  if (!input.confirmed) {
    const endedSessions = input.on ? 0 : await countOidcSessions(store, now);
    return {
      on: before.on,
      wasOn: before.on,
      dryRun: true,
      endedSessions,
      configured,
      changedAt: before.changedAt,
      changedBy: before.changedBy,
      reason: before.reason,
    };
  }
  const done = await setOidcSwitch(store, {
    on: input.on,
    by: app.operator,
    source: 'cli',
    now,
    ...(input.reason ? { reason: input.reason } : {}),
  });
  return {
    on: input.on,
    wasOn: before.on,
    dryRun: false,
    endedSessions: done.endedSessions,
    configured,
    changedAt: now.toISOString(),
    changedBy: app.operator,
    reason: input.reason ?? null,
  };
}
