// The console's OIDC single sign-on routes. SAFETY: the IdP only says who the person is; the
// console account must already exist, be enabled, not locked, and have OIDC allowed (`reclaim
// operator oidc NAME --enable`); accounts are never created from the IdP and the role comes from
// Reclaim's own operators table. The password + TOTP sign-in stays, whatever happens here.
// Two kill switches: `console.oidc.enabled: false` in the config (read at start), and the
// store-held one (`reclaim operator oidc-switch off`), read at every login and callback.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app/create-app.ts';
import { ReclaimError, isReclaimError } from '../core/errors/reclaim-error.ts';
import type { Store } from '../store/open-store.ts';
import {
  auditSignIn,
  auditSignInFailure,
  limitSignInAttempts,
  singleSignOnAccount,
  singleSignOnOn,
} from '../app/auth/sign-in-events.ts';
import { openSession, type AuthSettings } from '../app/auth/console-auth.ts';
import { oidcFlowTtlMs, type OidcSignIn } from '../app/auth/oidc-sign-in.ts';

export const oidcStateCookie = 'reclaim_oidc_state';
export const switchedOffMessage =
  'Single sign-on is switched off by the incident commander (reclaim operator oidc-switch): sign in with your console password and one-time code';

export interface OidcRouteDeps {
  app: App;
  store: Store;
  settings: AuthSettings;
  /** undefined: not configured, or switched off by `console.oidc.enabled: false` */
  oidc: OidcSignIn | undefined;
  sessionCookie: string;
  tls: boolean;
  loginsPerMinute: number;
}

export function addOidcRoutes(server: FastifyInstance, deps: OidcRouteDeps): void {
  const { app, store, oidc } = deps;
  // SameSite=Lax, not Strict: the browser comes back from the IdP by a cross-site redirect, and
  // must still send the state it started with (it binds the answer to this browser).
  const stateCookie = {
    path: '/api/oidc',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: deps.tls,
    maxAge: oidcFlowTtlMs / 1000,
  };
  const sessionCookie = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: deps.tls };
  const notOffered = () =>
    new ReclaimError('NOT_FOUND', 'Single sign-on is not configured or is switched off (console.oidc in the config)');
  const limit = async (request: FastifyRequest) => {
    await limitSignInAttempts(store, { address: request.ip, now: app.clock.now(), perMinute: deps.loginsPerMinute });
  };

  /** SAFETY: the store-held switch, read afresh for every sign-in: off refuses before the IdP is contacted. */
  const refuseIfSwitchedOff = async () => {
    if (!(await singleSignOnOn(store))) throw new ReclaimError('AUTH_REQUIRED', switchedOffMessage);
  };
  const failedPage = (error: unknown) =>
    isReclaimError(error) && error.message === switchedOffMessage
      ? '/?sso=off'
      : `/?sso=${isReclaimError(error) && error.code === 'ACCOUNT_LOCKED' ? 'locked' : 'failed'}`;
  // the IdP's claimed name is not a proven Reclaim account: a detail, escaped, never the actor
  const auditFailure = async (request: FastifyRequest, claimed: string, error: unknown, now: Date) => {
    const code = isReclaimError(error) ? error.code : 'UNEXPECTED';
    if (code === 'UNEXPECTED') request.log.error({ err: error }, 'unexpected error in OIDC sign-in');
    const reason = isReclaimError(error) ? error.message : 'unexpected error';
    await auditSignInFailure(store, { ip: request.ip, now, attempted: claimed, code, method: 'oidc', reason });
  };

  server.get('/api/oidc', async () => ({ enabled: oidc !== undefined && (await singleSignOnOn(store)) }));

  server.get('/api/oidc/login', async (request, reply) => {
    if (!oidc) throw notOffered();
    await limit(request);
    try {
      await refuseIfSwitchedOff();
    } catch (error) {
      await auditFailure(request, 'oidc', error, app.clock.now());
      return reply.redirect(failedPage(error), 303);
    }
    const { url, state } = await oidc.start(app.clock.now());
    void reply.setCookie(oidcStateCookie, state, stateCookie);
    return reply.redirect(url, 303);
  });

  server.get('/api/oidc/callback', async (request: FastifyRequest, reply: FastifyReply) => {
    const ip = request.ip;
    const now = app.clock.now();
    const state = request.cookies[oidcStateCookie];
    void reply.clearCookie(oidcStateCookie, {
      path: stateCookie.path,
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.tls,
    });
    let username: string | undefined;
    try {
      if (!oidc) throw notOffered();
      await limit(request);
      if (!state) throw new ReclaimError('AUTH_REQUIRED', 'No single sign-on was started in this browser');
      await refuseIfSwitchedOff();
      const query = new URLSearchParams(request.query as Record<string, string>);
      username = (await oidc.finish(query, state, now)).username;
      const operator = await singleSignOnAccount(store, username);
      if (!operator) {
        throw new ReclaimError('AUTH_REQUIRED', `No console account with single sign-on allowed is named ${username}`);
      }
      await refuseIfSwitchedOff(); // again: it may have been switched off during the round trip to the IdP
      const result = await openSession(store, deps.settings, {
        operator,
        ip,
        previousToken: request.cookies[deps.sessionCookie],
        now,
        authMethod: 'oidc',
      });
      void reply.setCookie(deps.sessionCookie, result.token, sessionCookie);
      await auditSignIn(store, { username: operator.username, role: operator.role, method: 'oidc', ip, now });
      return reply.redirect('/', 303);
    } catch (error) {
      await auditFailure(request, username ?? 'oidc', error, now);
      return reply.redirect(failedPage(error), 303);
    }
  });
}
