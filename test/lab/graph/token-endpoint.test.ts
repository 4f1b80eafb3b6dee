// The emulator's login surface refuses what Entra refuses: a wrong secret, an assertion signed by
// another key, a wrong audience, a scope without /.default; and /v1.0 refuses tokens it did not
// sign, expired ones and missing ones.
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { RunningGraphEmulator } from '../../../src/lab/graph/graph-emulator.ts';
import { certificateThumbprints, decodeJwt, signJwt, type JwtAlgorithm } from '../../../src/lab/graph/jwt.ts';
import { graph, raw, startTestEmulator, tokenFor } from './support/emulator-fixture.ts';

let emu: RunningGraphEmulator;
before(async () => {
  emu = await startTestEmulator();
});
after(() => emu.stop());

const tokenUrl = () => `${emu.url}/${emu.tenantId}/oauth2/v2.0/token`;
const app = (name: string) => {
  const a = emu.apps.find((x) => x.name === name);
  assert.ok(a, `app ${name}`);
  return a;
};

function postForm(fields: Record<string, string>, url = tokenUrl()) {
  return raw(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

function assertion(alg: JwtAlgorithm, clientId: string, certPem: string, keyPem: string, aud = tokenUrl()): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt(
    { alg, typ: 'JWT', 'x5t#S256': certificateThumbprints(certPem).x5tS256 },
    { aud, iss: clientId, sub: clientId, jti: randomUUID(), nbf: now, iat: now, exp: now + 600 },
    keyPem,
  );
}

const assertionForm = (clientId: string, jwt: string) => ({
  client_id: clientId,
  grant_type: 'client_credentials',
  scope: 'https://graph.microsoft.com/.default',
  client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
  client_assertion: jwt,
});

describe('graph emulator: token endpoint', () => {
  it('serves the OpenID configuration and the signing keys MSAL reads', async () => {
    const conf = await raw(`${emu.url}/${emu.tenantId}/v2.0/.well-known/openid-configuration`);
    assert.equal(conf.status, 200);
    for (const k of ['token_endpoint', 'issuer', 'authorization_endpoint', 'jwks_uri', 'end_session_endpoint'])
      assert.ok(conf.body[k], k);
    assert.equal(conf.body.token_endpoint, tokenUrl());
    const keys = await raw(conf.body.jwks_uri);
    assert.equal(keys.body.keys[0].kty, 'RSA');
  });

  it('issues an RS256 token carrying the app permissions (roles) and directory roles (wids) for a client secret', async () => {
    const a = app('reclaim');
    const r = await postForm({
      client_id: a.clientId,
      client_secret: a.clientSecret,
      grant_type: 'client_credentials',
      scope: 'https://graph.microsoft.com/.default',
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.token_type, 'Bearer');
    const jwt = decodeJwt(r.body.access_token);
    assert.ok(jwt);
    assert.equal(jwt.header.alg, 'RS256');
    assert.equal(jwt.payload.aud, 'https://graph.microsoft.com');
    assert.equal(jwt.payload.tid, emu.tenantId);
    assert.equal(jwt.payload.idtyp, 'app');
    assert.deepEqual(jwt.payload.roles, a.permissions);
    assert.deepEqual(jwt.payload.wids, a.directoryRoles);
  });

  it('refuses a wrong client secret with AADSTS7000215', async () => {
    const a = app('reclaim');
    const r = await postForm({
      client_id: a.clientId,
      client_secret: `${a.clientSecret}x`,
      grant_type: 'client_credentials',
      scope: 'https://graph.microsoft.com/.default',
    });
    assert.equal(r.status, 401);
    assert.equal(r.body.error, 'invalid_client');
    assert.deepEqual(r.body.error_codes, [7000215]);
    assert.match(r.body.error_description, /^AADSTS7000215:/);
    assert.ok(!r.text.includes(a.clientSecret), 'the secret is not echoed');
  });

  for (const alg of ['RS256', 'PS256'] as const) {
    it(`accepts a certificate assertion signed with ${alg}`, async () => {
      const a = app('reclaim-privileged');
      const r = await postForm(
        assertionForm(a.clientId, assertion(alg, a.clientId, a.certificatePem, a.privateKeyPem)),
      );
      assert.equal(r.status, 200, r.text);
      const token = r.body.access_token as string;
      const users = await graph(emu, token, 'GET', '/users?$top=1');
      assert.equal(users.status, 200);
    });
  }

  it('refuses an assertion signed by another key with AADSTS700027', async () => {
    const a = app('reclaim');
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    const r = await postForm(assertionForm(a.clientId, assertion('PS256', a.clientId, a.certificatePem, other)));
    assert.equal(r.status, 401);
    assert.equal(r.body.error, 'invalid_client');
    assert.deepEqual(r.body.error_codes, [700027]);
  });

  it('refuses an assertion whose audience is not the token endpoint', async () => {
    const a = app('reclaim');
    const r = await postForm(
      assertionForm(
        a.clientId,
        assertion('RS256', a.clientId, a.certificatePem, a.privateKeyPem, 'https://login.example/token'),
      ),
    );
    assert.equal(r.status, 401);
    assert.equal(r.body.error, 'invalid_client');
  });

  it('refuses a scope without /.default (AADSTS1002012), an unknown client (AADSTS700016) and an unknown tenant (AADSTS90002)', async () => {
    const a = app('reclaim');
    const scope = await postForm({
      client_id: a.clientId,
      client_secret: a.clientSecret,
      grant_type: 'client_credentials',
      scope: 'https://graph.microsoft.com/User.Read.All',
    });
    assert.equal(scope.status, 400);
    assert.equal(scope.body.error, 'invalid_scope');
    assert.deepEqual(scope.body.error_codes, [1002012]);
    const client = await postForm({
      client_id: randomUUID(),
      client_secret: 'x',
      grant_type: 'client_credentials',
      scope: 'https://graph.microsoft.com/.default',
    });
    assert.equal(client.status, 400);
    assert.deepEqual(client.body.error_codes, [700016]);
    const tenant = await postForm(
      {
        client_id: a.clientId,
        client_secret: a.clientSecret,
        grant_type: 'client_credentials',
        scope: 'https://graph.microsoft.com/.default',
      },
      `${emu.url}/${randomUUID()}/oauth2/v2.0/token`,
    );
    assert.deepEqual(tenant.body.error_codes, [90002]);
  });

  it('issues a delegated token for a signed-in admin (password grant) and refuses a wrong password with AADSTS50126', async () => {
    const a = app('reclaim');
    const ok = await postForm({
      client_id: a.clientId,
      grant_type: 'password',
      username: 'ga.alice@reclaimlab.onmicrosoft.com',
      password: 'Lab-Alice-2024!',
      scope: 'https://graph.microsoft.com/.default',
    });
    assert.equal(ok.status, 200, ok.text);
    const jwt = decodeJwt(ok.body.access_token);
    assert.equal(jwt?.payload.idtyp, 'user');
    assert.match(String(jwt?.payload.scp), /UserAuthenticationMethod\.ReadWrite\.All/);
    assert.deepEqual(jwt?.payload.wids, ['62e90394-69f5-4237-9190-012177145e10']);
    const bad = await postForm({
      client_id: a.clientId,
      grant_type: 'password',
      username: 'ga.alice@reclaimlab.onmicrosoft.com',
      password: 'wrong',
      scope: 'https://graph.microsoft.com/.default',
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.error_codes, [50126]);
  });
});

describe('graph emulator: access token checks on /v1.0', () => {
  it('answers 401 InvalidAuthenticationToken "Access token is empty." without a token', async () => {
    const r = await raw(`${emu.url}/v1.0/users`);
    assert.equal(r.status, 401);
    assert.equal(r.body.error.code, 'InvalidAuthenticationToken');
    assert.equal(r.body.error.message, 'Access token is empty.');
  });

  it('refuses a token whose payload was altered (signature no longer matches)', async () => {
    const token = await tokenFor(emu, 'reclaim-readonly');
    const [h, p, s] = token.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    payload.roles = ['Directory.ReadWrite.All'];
    const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    const r = await graph(emu, forged, 'GET', '/users');
    assert.equal(r.status, 401);
    assert.equal(r.body.error.code, 'InvalidAuthenticationToken');
  });

  it('refuses an expired token; moving the emulator clock does not expire tokens (clients cache them by real time)', async () => {
    const token = await tokenFor(emu, 'reclaim');
    emu.control.advanceClock(2 * 3_600_000);
    assert.equal((await graph(emu, token, 'GET', '/users?$top=1')).status, 200);
    emu.control.updateSettings({ tokenLifetimeSeconds: 1 });
    const shortLived = await tokenFor(emu, 'reclaim');
    emu.control.updateSettings({ tokenLifetimeSeconds: 3599 });
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const r = await graph(emu, shortLived, 'GET', '/users?$top=1');
    assert.equal(r.status, 401);
    assert.match(r.body.error.message, /expired/);
  });
});
