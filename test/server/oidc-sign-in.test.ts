// OIDC single sign-on for the console, against a real OpenID provider (oidc-provider) on loopback.
// The property defended: the IdP only says who someone is; a console session is opened only for an
// existing console account with OIDC allowed, with its own role, through a flow started by this
// browser and used once; the config kill switch ends OIDC sign-in and every OIDC session at once,
// and so does the store-held switch (`reclaim operator oidc-switch off`) without a restart.
// Every assert.ok carries a message: without one, Node re-reads the source to word it, which
// under tsx can stall the test process instead of failing the test.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setOperatorOidcAccess } from '../../src/app/console/set-operator-oidc-access.ts';
import { switchOidcSignIn } from '../../src/app/console/switch-oidc-sign-in.ts';
import { createConsoleServer, sessionCookie } from '../../src/server/create-console-server.ts';
import { defaultAuthSettings, openSession } from '../../src/app/auth/console-auth.ts';
import { oidcStateCookie, switchedOffMessage } from '../../src/server/oidc-routes.ts';
import { findOperatorByUsername } from '../../src/store/operators/create-operator.ts';
import { verifyAuditChain } from '../../src/store/audit/verify-audit-chain.ts';
import type { ConsoleFixture } from './support/console-fixture.ts';
import { startOidcConsole, type OidcConsole } from './support/oidc-console-fixture.ts';
import type { TestOidcProvider } from './support/test-oidc-provider.ts';

// The console answers through inject: the redirect URL is only compared, never connected to.
const redirectUrl = 'http://127.0.0.1:8080/api/oidc/callback';
let idp: TestOidcProvider;
let f: ConsoleFixture;
let oidcConsole: OidcConsole;

before(async () => {
  oidcConsole = await startOidcConsole(redirectUrl, ['commander-1', 'helpdesk-1']);
  ({ idp, f } = oidcConsole);
});
after(async () => {
  await oidcConsole.close();
});

interface Started {
  state: string;
  url: string;
}

async function startSso(server = f.server): Promise<Started> {
  const response = await server.inject({ method: 'GET', url: '/api/oidc/login' });
  assert.equal(response.statusCode, 303, response.body);
  const state = response.cookies.find((c) => c.name === oidcStateCookie);
  assert.ok(state, 'the state cookie is set');
  assert.equal(state.sameSite, 'Lax');
  assert.equal(state.httpOnly, true);
  return { state: state.value, url: String(response.headers.location) };
}

async function callback(query: URLSearchParams, state: string | undefined, server = f.server) {
  const response = await server.inject({
    method: 'GET',
    url: `/api/oidc/callback?${query}`,
    ...(state ? { cookies: { [oidcStateCookie]: state } } : {}),
  });
  const session = response.cookies.find((c) => c.name === sessionCookie && c.value !== '');
  return { status: response.statusCode, location: String(response.headers.location), session: session?.value };
}

/** the whole round trip: console -> provider (signed in as user) -> console */
async function sso(user: string, tamper: (authorizationUrl: URL) => void = () => {}) {
  const started = await startSso();
  const url = new URL(started.url);
  tamper(url);
  const back = await idp.signIn(url.href, user);
  assert.equal(back.origin + back.pathname, redirectUrl);
  return { ...(await callback(back.searchParams, started.state)), query: back.searchParams, state: started.state };
}

async function lastLoginAudit() {
  const store = await f.app.store();
  const row = await store.db
    .selectFrom('auditLog')
    .selectAll()
    .where('action', 'like', 'console.login%')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return { ...row, details: JSON.parse(row.details) as Record<string, unknown> };
}

const get = (cookie: string, url: string, server = f.server) =>
  server.inject({ method: 'GET', url, cookies: { [sessionCookie]: cookie } });
const post = (cookie: string, url: string, csrf: string | undefined, payload: object = {}) =>
  f.server.inject({
    method: 'POST',
    url,
    cookies: { [sessionCookie]: cookie },
    payload,
    ...(csrf ? { headers: { 'x-csrf-token': csrf } } : {}),
  });

async function refused(
  result: { status: number; location: string; session: string | undefined },
  actor: string,
  reason: RegExp,
) {
  assert.equal(result.status, 303);
  assert.equal(result.location, '/?sso=failed');
  assert.equal(result.session, undefined, 'no session cookie is set');
  const audit = await lastLoginAudit();
  assert.equal(audit.action, 'console.login.failed');
  assert.equal(audit.actor, 'unauthenticated', 'a name the IdP claimed is never the actor');
  assert.equal(audit.details.attempted, actor);
  assert.equal(audit.details.method, 'oidc');
  assert.match(String(audit.details.reason), reason);
}

describe('OIDC sign-in against a real provider', () => {
  test('the authorization request carries PKCE (S256), state and nonce, to the configured issuer only', async () => {
    const { url, state } = await startSso();
    const request = new URL(url);
    assert.equal(request.origin, idp.issuer);
    assert.equal(request.searchParams.get('code_challenge_method'), 'S256');
    assert.ok((request.searchParams.get('code_challenge') ?? '').length >= 43, 'a PKCE challenge is sent');
    assert.equal(request.searchParams.get('state'), state);
    assert.ok((request.searchParams.get('nonce') ?? '').length >= 20, 'a nonce is sent');
    assert.equal(request.searchParams.get('redirect_uri'), redirectUrl);
    assert.equal(
      ((await f.server.inject({ method: 'GET', url: '/api/oidc' })).json() as { enabled: boolean }).enabled,
      true,
    );
  });

  test('an operator with OIDC allowed signs in; the session is a console session like a password one (CSRF, role)', async () => {
    const result = await sso('commander-1');
    assert.equal(result.status, 303);
    assert.equal(result.location, '/');
    assert.ok(result.session, 'a session cookie is set');
    const session = await get(result.session, '/api/session');
    assert.equal(session.statusCode, 200, session.body);
    const body = session.json() as {
      operator: { username: string; role: string };
      csrfToken: string;
      permissions: string[];
    };
    assert.equal(body.operator.username, 'commander-1');
    assert.equal(body.operator.role, 'commander');
    // CSRF: a mutation without the token is refused and changes nothing; with it, it goes through.
    assert.equal(
      (await post(result.session, `/api/campaigns/${f.campaignId}/pause`, undefined, { reason: 'sso' })).statusCode,
      403,
    );
    const status = (await get(result.session, `/api/campaigns/${f.campaignId}/status`)).json() as {
      killSwitch: { engaged: boolean };
    };
    assert.equal(status.killSwitch.engaged, false);
    const paused = await post(result.session, `/api/campaigns/${f.campaignId}/pause`, body.csrfToken, {
      reason: 'sso',
    });
    assert.equal(paused.statusCode, 200, paused.body);
    assert.equal(
      (
        (await get(result.session, `/api/campaigns/${f.campaignId}/status`)).json() as {
          killSwitch: { engaged: boolean };
        }
      ).killSwitch.engaged,
      true,
    );
    assert.equal((await post(result.session, `/api/campaigns/${f.campaignId}/resume`, body.csrfToken)).statusCode, 200);
    const audit = await lastLoginAudit();
    assert.equal(audit.action, 'console.login');
    assert.equal(audit.actor, 'commander-1');
    assert.deepEqual(audit.details, { role: 'commander', method: 'oidc' });
    const store = await f.app.store();
    const rows = await store.db
      .selectFrom('sessions')
      .select('authMethod')
      .where(
        'operatorId',
        '=',
        (
          await store.db
            .selectFrom('operators')
            .select('id')
            .where('username', '=', 'commander-1')
            .executeTakeFirstOrThrow()
        ).id,
      )
      .execute();
    assert.deepEqual(
      rows.map((r) => r.authMethod),
      ['oidc'],
    );
    assert.equal((await verifyAuditChain(store)).ok, true);
  });

  test('the role comes from the console account, not the IdP: a helpdesk agent by SSO cannot pause', async () => {
    const result = await sso('helpdesk-1');
    assert.ok(result.session, 'signed in by SSO');
    const body = (await get(result.session, '/api/session')).json() as {
      operator: { role: string };
      csrfToken: string;
    };
    assert.equal(body.operator.role, 'helpdesk');
    const response = await post(result.session, `/api/campaigns/${f.campaignId}/pause`, body.csrfToken, {
      reason: 'x',
    });
    assert.equal(response.statusCode, 403);
    assert.equal((response.json() as { error: { code: string } }).error.code, 'PERMISSION_DENIED');
  });

  test('refused for an existing operator without OIDC allowed, and for an unknown user (never provisioned)', async () => {
    await refused(
      await sso('viewer-1'),
      'viewer-1',
      /No console account with single sign-on allowed is named viewer-1/,
    );
    await refused(await sso('mallory'), 'mallory', /named mallory/);
    const store = await f.app.store();
    assert.equal(
      await store.db.selectFrom('operators').select('id').where('username', '=', 'mallory').executeTakeFirst(),
      undefined,
    );
  });

  test('refused for a bad state: another value in the answer, or no flow started in this browser', async () => {
    const started = await startSso();
    const back = await idp.signIn(started.url, 'commander-1');
    const forged = new URLSearchParams(back.searchParams);
    forged.set('state', 'forged-state');
    await refused(
      await callback(forged, started.state),
      'oidc',
      /The state in the identity provider's answer is not the one/,
    );
    // The flow was not spent by the forged answer: the real one still completes.
    assert.ok((await callback(back.searchParams, started.state)).session, 'the real answer still signs in');
    const other = await startSso();
    const back2 = await idp.signIn(other.url, 'commander-1');
    await refused(
      await callback(back2.searchParams, undefined),
      'oidc',
      /No single sign-on was started in this browser/,
    );
    const unknown = new URLSearchParams(back2.searchParams);
    unknown.set('state', 'a-state-this-console-never-sent');
    await refused(
      await callback(unknown, 'a-state-this-console-never-sent'),
      'oidc',
      /unknown, already used or expired/,
    );
  });

  test('refused for a replayed code: the same callback again, or the code under a new flow', async () => {
    const first = await sso('commander-1');
    assert.ok(first.session, 'signed in by SSO');
    await refused(await callback(first.query, first.state), 'oidc', /unknown, already used or expired/);
    const fresh = await startSso();
    const replay = new URLSearchParams(first.query);
    replay.set('state', fresh.state);
    await refused(await callback(replay, fresh.state), 'oidc', /refused/);
  });

  test('refused for a wrong nonce in the ID token', async () => {
    await refused(
      await sso('commander-1', (url) => url.searchParams.set('nonce', 'not-the-nonce-we-sent-0123456789')),
      'oidc',
      /nonce/i,
    );
  });

  test('withdrawing OIDC from an account ends its OIDC sessions (its password sign-in stays)', async () => {
    const result = await sso('helpdesk-1');
    assert.ok(result.session, 'signed in by SSO');
    assert.equal((await get(result.session, '/api/session')).statusCode, 200);
    await setOperatorOidcAccess(f.app, { username: 'helpdesk-1', enabled: false });
    assert.equal((await get(result.session, '/api/session')).statusCode, 401);
    await refused(await sso('helpdesk-1'), 'helpdesk-1', /single sign-on allowed/);
    assert.ok((await f.login('helpdesk-1')).signed, 'the password + TOTP sign-in still works');
    await setOperatorOidcAccess(f.app, { username: 'helpdesk-1', enabled: true });
  });
});

describe('the kill switch and an unconfigured console', () => {
  test('console.oidc.enabled: false refuses OIDC sign-in and ends every OIDC session; password sessions stay', async () => {
    const sso1 = await sso('commander-1');
    assert.ok(sso1.session, 'signed in by SSO');
    const password = await f.as('commander');
    const oidc = f.app.config.console.oidc;
    assert.ok(oidc, 'the fixture configures console.oidc');
    const switchedOff = await createConsoleServer({
      app: { ...f.app, config: { ...f.app.config, console: { oidc: { ...oidc, enabled: false } } } },
      loginsPerMinute: 10_000,
    });
    try {
      assert.equal(
        ((await switchedOff.inject({ method: 'GET', url: '/api/oidc' })).json() as { enabled: boolean }).enabled,
        false,
      );
      const login = await switchedOff.inject({ method: 'GET', url: '/api/oidc/login' });
      assert.equal(login.statusCode, 404);
      assert.equal((login.json() as { error: { code: string } }).error.code, 'NOT_FOUND');
      // A flow started before the switch cannot finish after it.
      const started = await startSso();
      const back = await idp.signIn(started.url, 'commander-1');
      const result = await callback(back.searchParams, started.state, switchedOff);
      assert.equal(result.session, undefined);
      assert.equal((await lastLoginAudit()).details.code, 'NOT_FOUND');
      assert.equal((await get(sso1.session, '/api/session', switchedOff)).statusCode, 401, 'the OIDC session is over');
      assert.equal(
        (await get(password.cookie, '/api/session', switchedOff)).statusCode,
        200,
        'the password session is not',
      );
    } finally {
      await switchedOff.close();
    }
    assert.equal((await get(sso1.session, '/api/session')).statusCode, 200, 'with OIDC on again, the session is valid');
  });

  test(
    'the store-held switch, off: login refused with a clear message, OIDC sessions ended at once, ' +
      'password + TOTP sessions untouched; on again: SSO works',
    async () => {
      const commander = await sso('commander-1');
      const helpdesk = await sso('helpdesk-1');
      assert.ok(commander.session && helpdesk.session, 'both signed in by SSO');
      const password = await f.as('commander');
      const helpdeskPassword = await f.as('helpdesk');
      // A sign-in under way at the IdP when the switch goes off.
      const started = await startSso();
      const back = await idp.signIn(started.url, 'commander-1');
      // Another console process on the same store (another `reclaim serve`), running all along.
      const other = await createConsoleServer({ app: f.app, loginsPerMinute: 10_000 });
      try {
        assert.equal((await get(commander.session, '/api/session', other)).statusCode, 200);
        const dry = await switchOidcSignIn(f.app, { on: false, confirmed: false });
        assert.equal(dry.dryRun, true);
        assert.equal(dry.on, true, 'a dry run changes nothing');
        assert.ok(dry.endedSessions >= 2, `the dry run counts the live OIDC sessions (${dry.endedSessions})`);
        assert.equal(
          (await get(commander.session, '/api/session')).statusCode,
          200,
          'still signed in after the dry run',
        );

        const off = await switchOidcSignIn(f.app, { on: false, confirmed: true, reason: 'IdP compromised' });
        assert.equal(off.on, false);
        assert.ok(off.endedSessions >= 2, `the OIDC sessions ended (${off.endedSessions})`);
        for (const server of [f.server, other]) {
          assert.equal(
            ((await server.inject({ method: 'GET', url: '/api/oidc' })).json() as { enabled: boolean }).enabled,
            false,
            'the SSO button is hidden',
          );
          const login = await server.inject({ method: 'GET', url: '/api/oidc/login' });
          assert.equal(login.statusCode, 303);
          assert.equal(login.headers.location, '/?sso=off', 'the console shows why');
          assert.equal(
            login.cookies.find((c) => c.name === oidcStateCookie),
            undefined,
            'no sign-in is started',
          );
          const audit = await lastLoginAudit();
          assert.equal(audit.action, 'console.login.failed');
          assert.equal(audit.details.reason, switchedOffMessage);
        }
        const late = await callback(back.searchParams, started.state);
        assert.deepEqual(
          [late.location, late.session],
          ['/?sso=off', undefined],
          'the sign-in under way cannot finish',
        );
        for (const server of [f.server, other]) {
          for (const cookie of [commander.session, helpdesk.session]) {
            const refusedSession = await get(cookie, '/api/session', server);
            assert.equal(refusedSession.statusCode, 401, 'the OIDC session is over');
          }
          assert.equal(
            (await get(password.cookie, '/api/session', server)).statusCode,
            200,
            "the commander's password + TOTP session stays",
          );
          assert.equal(
            (await get(helpdeskPassword.cookie, '/api/session', server)).statusCode,
            200,
            'the helpdesk password + TOTP session stays',
          );
        }
        assert.ok((await f.login('commander-1')).signed, 'password + TOTP sign-in still works');
        const store = await f.app.store();
        assert.deepEqual(
          await store.db.selectFrom('sessions').select('idHash').where('authMethod', '=', 'oidc').execute(),
          [],
          'no OIDC session is left in the store',
        );

        // A session a callback opened just as the switch went off is ended at its first request.
        const operator = await findOperatorByUsername(store, 'commander-1');
        assert.ok(operator, 'commander-1 exists');
        const raced = await openSession(store, defaultAuthSettings, {
          operator,
          ip: '127.0.0.1',
          now: f.app.clock.now(),
          authMethod: 'oidc',
        });
        const racedAnswer = await get(raced.token, '/api/session');
        assert.equal(racedAnswer.statusCode, 401);
        assert.match(
          (racedAnswer.json() as { error: { message: string } }).error.message,
          /switched off by the incident commander/,
        );
        assert.deepEqual(
          await store.db.selectFrom('sessions').select('idHash').where('authMethod', '=', 'oidc').execute(),
          [],
          'and removed from the store',
        );

        const on = await switchOidcSignIn(f.app, { on: true, confirmed: true });
        assert.equal(on.on, true);
        assert.equal(
          (await get(commander.session, '/api/session')).statusCode,
          401,
          'switching on again restores no session',
        );
        assert.equal(
          ((await other.inject({ method: 'GET', url: '/api/oidc' })).json() as { enabled: boolean }).enabled,
          true,
        );
        const again = await sso('commander-1');
        assert.ok(again.session, 'SSO works again');
        assert.equal((await get(again.session, '/api/session', other)).statusCode, 200);
        const actions = await store.db
          .selectFrom('auditLog')
          .select(['action', 'details'])
          .where('action', 'like', 'console.oidc.switch%')
          .orderBy('seq')
          .execute();
        assert.deepEqual(
          actions.map((r) => r.action),
          ['console.oidc.switch-off', 'console.oidc.switch-on'],
        );
        assert.equal((JSON.parse(actions[0]?.details ?? '{}') as { reason?: string }).reason, 'IdP compromised');
        assert.equal((await verifyAuditChain(store)).ok, true);
      } finally {
        await other.close();
      }
    },
  );

  test('without console.oidc, the OIDC routes answer 404 and an OIDC session is refused', async () => {
    const plain = await createConsoleServer({
      app: { ...f.app, config: { ...f.app.config, console: {} } },
      loginsPerMinute: 10_000,
    });
    try {
      assert.equal((await plain.inject({ method: 'GET', url: '/api/oidc/login' })).statusCode, 404);
      assert.equal(
        ((await plain.inject({ method: 'GET', url: '/api/oidc' })).json() as { enabled: boolean }).enabled,
        false,
      );
      const result = await sso('commander-1');
      assert.ok(result.session, 'signed in by SSO');
      assert.equal((await get(result.session, '/api/session', plain)).statusCode, 401);
    } finally {
      await plain.close();
    }
  });
});
