// The property defended: over TLS, no cookie the console sets can travel in clear. A browser sends
// a cookie without `Secure` over plain HTTP to the same host (an attacker on the path can make it
// do so), so the session cookie and the OIDC state cookie, set and cleared, all carry Secure; and
// the TLS port does not answer plain HTTP at all. A real HTTPS server on 127.0.0.1 with a
// certificate made by the same code as `reclaim serve --self-signed`.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureSelfSignedCertificate, type SelfSignedCertificate } from '../../src/app/tls/self-signed-certificate.ts';
import { base32Decode } from '../../src/app/auth/base32.ts';
import { totpAt } from '../../src/app/auth/totp.ts';
import { createConsoleServer, sessionCookie } from '../../src/server/create-console-server.ts';
import { oidcStateCookie } from '../../src/server/oidc-routes.ts';
import { operatorPassword, startConsoleFixture, type ConsoleFixture } from '../server/support/console-fixture.ts';
import { startOidcConsole } from '../server/support/oidc-console-fixture.ts';
import { cookieValue, httpsRequest } from './support/https-request.ts';

const certDir = mkdtempSync(join(tmpdir(), 'reclaim-https-'));
let pair: SelfSignedCertificate;
let f: ConsoleFixture;
let base: string;

before(async () => {
  pair = ensureSelfSignedCertificate(certDir, { dnsNames: ['localhost'], ips: ['127.0.0.1'] });
  f = await startConsoleFixture({ tls: { cert: pair.cert, key: pair.key } });
  base = await f.server.listen({ host: '127.0.0.1', port: 0 });
});
after(async () => {
  await f.close();
  rmSync(certDir, { recursive: true, force: true });
});

function assertSecure(line: string | undefined, what: string): void {
  assert.ok(line, `${what}: a Set-Cookie line was sent`);
  assert.match(line, /;\s*Secure(;|$)/i, `${what} lacks Secure: ${line}`);
  assert.match(line, /;\s*HttpOnly(;|$)/i, `${what} lacks HttpOnly: ${line}`);
}

describe('console over HTTPS', () => {
  test('sign-in over a real TLS socket sets a Secure session cookie, and sign-out clears it Secure', async () => {
    assert.match(base, /^https:\/\/127\.0\.0\.1:\d+$/);
    f.clock.at = new Date(f.clock.at.getTime() + 30_000);
    const totp = totpAt(base32Decode(f.totpSecrets.get('commander-1')!), f.clock.at.getTime() / 1000);
    const login = await httpsRequest(`${base}/api/login`, {
      ca: pair.cert,
      method: 'POST',
      json: { username: 'commander-1', password: operatorPassword, totp },
    });
    assert.equal(login.status, 200, login.body);
    assert.equal(login.peerFingerprint256, pair.fingerprint256, 'the server presented the configured certificate');
    assert.equal(login.headers['strict-transport-security'], 'max-age=31536000');
    const sessionLine = login.setCookies.find((c) => c.startsWith(`${sessionCookie}=`));
    assertSecure(sessionLine, 'the session cookie');
    assert.match(sessionLine!, /SameSite=Strict/i);

    const token = cookieValue(login.setCookies, sessionCookie)!;
    const csrf = (JSON.parse(login.body) as { csrfToken: string }).csrfToken;
    const session = await httpsRequest(`${base}/api/session`, {
      ca: pair.cert,
      headers: { cookie: `${sessionCookie}=${token}` },
    });
    assert.equal(session.status, 200, session.body);
    const logout = await httpsRequest(`${base}/api/logout`, {
      ca: pair.cert,
      method: 'POST',
      json: {},
      headers: { cookie: `${sessionCookie}=${token}`, 'x-csrf-token': csrf },
    });
    assert.equal(logout.status, 200, logout.body);
    assertSecure(
      logout.setCookies.find((c) => c.startsWith(`${sessionCookie}=`)),
      'the cleared session cookie',
    );
    const after = await httpsRequest(`${base}/api/session`, {
      ca: pair.cert,
      headers: { cookie: `${sessionCookie}=${token}` },
    });
    assert.equal(after.status, 401, 'the session ended');
  });

  test('the TLS port does not answer plain HTTP', async () => {
    const plain = base.replace('https://', 'http://');
    await assert.rejects(
      fetch(`${plain}/api/openapi.json`, { signal: AbortSignal.timeout(10_000) }),
      'a plain-HTTP request got an answer from the TLS port',
    );
  });

  test('a client that does not trust the certificate is refused by TLS, not downgraded', async () => {
    const other = ensureSelfSignedCertificate(join(certDir, 'other'), { dnsNames: ['localhost'], ips: ['127.0.0.1'] });
    await assert.rejects(httpsRequest(`${base}/api/openapi.json`, { ca: other.cert }), /self-signed|certificate/i);
  });

  test('OIDC: the state cookie (set and cleared) and the session cookie it opens are Secure', async () => {
    const redirectUrl = 'http://127.0.0.1:8080/api/oidc/callback';
    const oidc = await startOidcConsole(redirectUrl, ['commander-1']);
    try {
      const server = await createConsoleServer({
        app: oidc.f.app,
        tls: { cert: pair.cert, key: pair.key },
        loginsPerMinute: 10_000,
      });
      const started = await server.inject({ method: 'GET', url: '/api/oidc/login' });
      assert.equal(started.statusCode, 303, started.body);
      const setState = ([] as string[]).concat(started.headers['set-cookie'] ?? []);
      assertSecure(
        setState.find((c) => c.startsWith(`${oidcStateCookie}=`)),
        'the OIDC state cookie',
      );
      const state = cookieValue(setState, oidcStateCookie)!;
      const back = await oidc.idp.signIn(String(started.headers.location), 'commander-1');
      const callback = await server.inject({
        method: 'GET',
        url: `/api/oidc/callback${back.search}`,
        cookies: { [oidcStateCookie]: state },
      });
      assert.equal(callback.statusCode, 303);
      assert.equal(callback.headers.location, '/', 'the OIDC sign-in succeeded');
      const lines = ([] as string[]).concat(callback.headers['set-cookie'] ?? []);
      assertSecure(
        lines.find((c) => c.startsWith(`${oidcStateCookie}=`)),
        'the cleared OIDC state cookie',
      );
      assertSecure(
        lines.find((c) => c.startsWith(`${sessionCookie}=`)),
        'the OIDC session cookie',
      );
      await server.close();
    } finally {
      await oidc.close();
    }
  });
});
