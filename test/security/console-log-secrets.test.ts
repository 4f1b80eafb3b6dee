// The property defended: no secret the console handles reaches a log line, even at trace level.
// A console logs to a buffer while people sign in with a password and TOTP code, reload the page,
// issue a TAP and a temporary password, and sign in through a real OpenID provider (whose callback
// URL carries the authorization code and state); an attacker adds an Authorization header and an
// unknown URL with a code in its query; a handler that logs headers, bodies and tokens wholesale is
// stood in for. Every value is then searched for in every line.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { base32Decode } from '../../src/app/auth/base32.ts';
import { totpAt } from '../../src/app/auth/totp.ts';
import { sessionCookie } from '../../src/server/create-console-server.ts';
import { oidcStateCookie } from '../../src/server/oidc-routes.ts';
import { operatorPassword, type ConsoleFixture } from '../server/support/console-fixture.ts';
import { startOidcConsole, type OidcConsole } from '../server/support/oidc-console-fixture.ts';

const lines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    lines.push(
      ...String(chunk)
        .split('\n')
        .filter((l) => l !== ''),
    );
    done();
  },
});
const redirectUrl = 'http://127.0.0.1:8080/api/oidc/callback';
let oc: OidcConsole;
let f: ConsoleFixture;

before(async () => {
  oc = await startOidcConsole(redirectUrl, ['commander-1'], { logger: pino({ level: 'trace' }, sink) });
  f = oc.f;
});
after(async () => oc.close());

test('sign-in, credentials and an OIDC round trip leave no secret in the log', async () => {
  const secrets = new Map<string, string>();
  const digits = new Map<string, string>(); // short numeric secrets: matched only as whole numbers

  // Password + TOTP sign-in, then a reload (GET /api/session returns the CSRF token again).
  const signed = await f.login('operator-1');
  assert.ok(signed.signed, JSON.stringify(signed.body));
  digits.set('the TOTP code', totpAt(base32Decode(f.totpSecrets.get('operator-1')!), f.clock.at.getTime() / 1000));
  secrets.set('the password', operatorPassword);
  secrets.set('the session cookie', signed.signed.cookie);
  secrets.set('the CSRF token', signed.signed.csrf);
  const cookies = { [sessionCookie]: signed.signed.cookie };
  const headers = { 'x-csrf-token': signed.signed.csrf };
  assert.equal((await f.server.inject({ method: 'GET', url: '/api/session', cookies })).statusCode, 200);

  // A TAP and a temporary password, each shown once in its response (the plan approved first:
  // helpdesk writes go through the campaign's guard).
  const commander = await f.as('commander');
  const approved = await f.server.inject({
    method: 'POST',
    url: `/api/campaigns/${f.campaignId}/approve`,
    cookies: { [sessionCookie]: commander.cookie },
    headers: { 'x-csrf-token': commander.csrf },
    payload: { versionId: f.versionId },
  });
  assert.equal(approved.statusCode, 200, approved.body);
  const tap = `LOG-CANARY-TAP-${Date.now().toString(36)}`;
  f.nextTap.value = tap;
  secrets.set('the TAP', tap);
  const verified = await f.server.inject({
    method: 'POST',
    url: `/api/campaigns/${f.campaignId}/verifications`,
    cookies,
    headers,
    payload: {
      directory: 'cloud',
      identityKey: 'u-1',
      method: 'call-back',
      evidence: 'called back the number on file',
      outcome: 'verified',
    },
  });
  assert.equal(verified.statusCode, 200, verified.body);
  const issued = await f.server.inject({
    method: 'POST',
    url: `/api/campaigns/${f.campaignId}/credentials`,
    cookies,
    headers,
    payload: { directory: 'cloud', identityKey: 'u-1', kind: 'tap' },
  });
  assert.equal((issued.json() as { value: string }).value, tap, issued.body);
  const temporary = await f.server.inject({
    method: 'POST',
    url: `/api/campaigns/${f.campaignId}/credentials`,
    cookies,
    headers,
    payload: { directory: 'cloud', identityKey: 'u-1', kind: 'temporary-password' },
  });
  secrets.set('the temporary password', (temporary.json() as { value: string }).value);

  // OIDC: the state cookie, then the provider's answer with its code, back at the callback.
  const started = await f.server.inject({ method: 'GET', url: '/api/oidc/login' });
  const state = started.cookies.find((c) => c.name === oidcStateCookie)!.value;
  const back = await oc.idp.signIn(String(started.headers.location), 'commander-1');
  secrets.set('the OIDC code', back.searchParams.get('code')!);
  secrets.set('the OIDC state', state);
  const callback = await f.server.inject({
    method: 'GET',
    url: `/api/oidc/callback${back.search}`,
    cookies: { [oidcStateCookie]: state },
  });
  assert.equal(callback.headers.location, '/', 'the OIDC sign-in succeeded');
  secrets.set('the OIDC session cookie', callback.cookies.find((c) => c.name === sessionCookie)!.value);
  // The same code replayed: refused, and still not logged.
  await f.server.inject({
    method: 'GET',
    url: `/api/oidc/callback${back.search}`,
    cookies: { [oidcStateCookie]: state },
  });

  // An attacker's requests: a bearer header, an unknown route with a code in its query.
  secrets.set('a bearer token', 'Bearer-Canary-93ab');
  secrets.set('a code on an unknown route', 'Unknown-Route-Code-5be1');
  await f.server.inject({
    method: 'GET',
    url: '/api/session',
    headers: { authorization: 'Bearer Bearer-Canary-93ab' },
  });
  const unknown = await f.server.inject({ method: 'GET', url: '/api/oidc/callbackx?code=Unknown-Route-Code-5be1' });
  assert.equal(unknown.statusCode, 404);
  assert.ok(!unknown.body.includes('Unknown-Route-Code-5be1'), 'the 404 answer does not echo the query');

  // A careless handler logging request parts and tokens wholesale.
  secrets.set('a logged access token', 'Access-Token-Canary-11');
  secrets.set('a logged id token', 'Id-Token-Canary-22');
  secrets.set('a logged refresh token', 'Refresh-Token-Canary-33');
  secrets.set('a logged client secret', 'Client-Secret-Canary-44');
  f.server.log.info(
    {
      headers: {
        cookie: `${sessionCookie}=${signed.signed.cookie}`,
        authorization: 'Bearer Bearer-Canary-93ab',
        'x-csrf-token': signed.signed.csrf,
      },
      body: { username: 'operator-1', password: operatorPassword, totp: digits.get('the TOTP code') },
      query: { code: back.searchParams.get('code'), state },
      tokens: {
        access_token: 'Access-Token-Canary-11',
        id_token: 'Id-Token-Canary-22',
        refresh_token: 'Refresh-Token-Canary-33',
      },
      client: { client_secret: 'Client-Secret-Canary-44' },
      credential: { value: tap },
    },
    'a handler that logs too much',
  );

  const log = lines.join('\n');
  assert.ok(lines.length > 20, `the log captured the requests (${lines.length} lines)`);
  assert.ok(
    log.includes('"url":"/api/oidc/callback?code=[redacted]&state=[redacted]&iss=[redacted]"'),
    'the callback was logged, with its query values masked',
  );
  assert.ok(
    log.includes('a handler that logs too much') && log.includes('"username":"operator-1"'),
    'the careless line was logged, only redacted',
  );
  for (const [what, value] of secrets) assert.ok(!log.includes(value), `${what} reached the log`);
  for (const [what, value] of digits)
    assert.ok(!new RegExp(`(?<![0-9])${value}(?![0-9])`).test(log), `${what} reached the log`);
});
