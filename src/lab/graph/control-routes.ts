// The control surface over HTTP, under /_emulator (outside /v1.0, so it cannot be mistaken for
// Graph): the same operations as the in-process control, for `reclaim lab` and manual runs.
import type { GraphEmulatorControl } from './emulator-control.ts';
import type { FaultRule } from './faults.ts';

export interface ControlResponse {
  status: number;
  body: unknown;
}

export async function handleControl(
  method: string,
  path: string,
  body: unknown,
  control: GraphEmulatorControl,
): Promise<ControlResponse> {
  const ok = (b: unknown = { ok: true }) => ({ status: 200, body: b });
  const obj = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  try {
    if (route === 'POST /_emulator/reset') {
      control.reset();
      return ok();
    }
    if (route === 'POST /_emulator/users') return ok({ ids: control.seedUsers((obj.users ?? []) as never[]) });
    if (route === 'GET /_emulator/users') return ok({ users: control.listUsers() });
    if (route === 'POST /_emulator/groups') return ok({ id: control.seedGroup(obj as never) });
    if (route === 'POST /_emulator/sync-from-ad') return ok(await control.syncFromAd());
    if (route === 'POST /_emulator/clock') {
      control.advanceClock(Number(obj.advanceMs));
      return ok({ now: new Date(control.now()).toISOString() });
    }
    if (route === 'GET /_emulator/clock') return ok({ now: new Date(control.now()).toISOString() });
    if (route === 'POST /_emulator/faults') return ok({ id: control.injectFault(obj as unknown as FaultRule) });
    if (route === 'DELETE /_emulator/faults') {
      control.clearFaults();
      return ok();
    }
    if (route === 'GET /_emulator/requests') return ok({ requests: control.requestLog() });
    if (route === 'DELETE /_emulator/requests') {
      control.clearRequestLog();
      return ok();
    }
    if (route === 'GET /_emulator/settings') return ok(control.settings());
    if (route === 'PATCH /_emulator/settings') return ok(control.updateSettings(obj));
    if (route === 'POST /_emulator/verify-password') {
      return ok({ matches: control.verifyPassword(String(obj.user ?? ''), String(obj.password ?? '')) });
    }
    const change = /^POST \/_emulator\/users\/([^/]+)\/change-password$/.exec(route);
    if (change?.[1]) {
      await control.userChangesPassword(decodeURIComponent(change[1]), String(obj.password ?? ''));
      return ok();
    }
    const roles = /^PUT \/_emulator\/users\/([^/]+)\/roles$/.exec(route);
    if (roles?.[1]) {
      control.setRoles(decodeURIComponent(roles[1]), {
        active: obj.active as string[] | undefined,
        eligible: obj.eligible as string[] | undefined,
      });
      return ok();
    }
    const m = /^GET \/_emulator\/users\/([^/]+)$/.exec(route);
    if (m?.[1]) {
      const user = control.getUser(decodeURIComponent(m[1]));
      return user ? ok(user) : { status: 404, body: { error: `no user '${m[1]}'` } };
    }
    return { status: 404, body: { error: `no control operation ${route}` } };
  } catch (error) {
    return { status: 400, body: { error: error instanceof Error ? error.message : String(error) } };
  }
}
