// graph.md's request and response examples, read from the document itself and replayed against
// the emulator: the answer must have the documented shape (every documented key, fixed values
// equal, ids/dates/passes of the documented kind) and the documented error messages.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningGraphEmulator } from '../../../src/lab/graph/graph-emulator.ts';
import { graph, startTestEmulator, tokenFor } from './support/emulator-fixture.ts';

// docs/reference/graph.md: the vendored research notes (source named in docs/reference/README.md).
const doc = readFileSync(resolve(fileURLToPath(import.meta.url), '../../../../docs/reference/graph.md'), 'utf8');

/** The JSON object that starts at `marker` in graph.md (balanced braces; '…' stays inside strings). */
function example(marker: string): any {
  const start = doc.indexOf(marker);
  assert.ok(start >= 0, `graph.md has no example starting with ${marker}`);
  let depth = 0;
  let inString = false;
  for (let i = start; i < doc.length; i++) {
    const c = doc[i];
    if (c === '"' && doc[i - 1] !== '\\') inString = !inString;
    if (inString) continue;
    if (c === '{') depth += 1;
    if (c === '}' && --depth === 0) return JSON.parse(doc.slice(start, i + 1));
  }
  throw new Error(`unbalanced example at ${marker}`);
}

const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const DATE_NO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const variable = new Set(['id', 'request-id', 'client-request-id', 'temporaryAccessPass', 'date']);

/** Every key of the golden value is in the actual one, with a value of the same kind. */
function sameShape(golden: unknown, actual: unknown, path = '$', key = ''): string[] {
  if (golden !== null && typeof golden === 'object' && !Array.isArray(golden)) {
    if (actual === null || typeof actual !== 'object') return [`${path}: expected an object`];
    return Object.entries(golden).flatMap(([k, v]) =>
      k in (actual as object)
        ? sameShape(v, (actual as Record<string, unknown>)[k], `${path}.${k}`, k)
        : [`${path}.${k}: missing`],
    );
  }
  if (typeof golden === 'string') {
    if (typeof actual !== 'string') return [`${path}: expected a string`];
    if (key === '@odata.context')
      return golden.split('#')[1] === actual.split('#')[1] ? [] : [`${path}: context ${actual}`];
    if (DATE_NO_Z.test(golden)) return DATE_NO_Z.test(actual) ? [] : [`${path}: ${actual} is not a date without Z`];
    if (ISO_Z.test(golden)) return ISO_Z.test(actual) ? [] : [`${path}: ${actual} is not an ISO instant`];
    if (variable.has(key) || golden.includes('…')) return [];
    return golden === actual ? [] : [`${path}: ${JSON.stringify(actual)} instead of ${JSON.stringify(golden)}`];
  }
  return golden === actual ? [] : [`${path}: ${JSON.stringify(actual)} instead of ${JSON.stringify(golden)}`];
}

let emu: RunningGraphEmulator;
let token: string;
before(async () => {
  // quota windows 100x longer, so the 429 of A9 is reached by a few sequential requests even on a loaded machine
  emu = await startTestEmulator({ timeScale: 100 });
});
beforeEach(async () => {
  emu.control.reset();
  token = await tokenFor(emu, 'reclaim');
});
after(() => emu.stop());

const CLOUD = 'reclaimlab.onmicrosoft.com';

describe('graph.md golden examples', () => {
  it('A2: the PATCH bodies of the doc are accepted (204) and take effect', async () => {
    const withPassword = example(
      '{ "passwordProfile": { "forceChangePasswordNextSignIn": true, "password": "<new temporary password>" } }',
    );
    withPassword.passwordProfile.password = 'Golden-A2-Passw0rd!';
    assert.equal((await graph(emu, token, 'PATCH', `/users/cloud.user001@${CLOUD}`, withPassword)).status, 204);
    assert.equal(emu.control.verifyPassword(`cloud.user001@${CLOUD}`, 'Golden-A2-Passw0rd!'), true);
    const flagOnly = example('{ "passwordProfile": { "forceChangePasswordNextSignIn": true } }');
    assert.equal((await graph(emu, token, 'PATCH', `/users/cloud.user002@${CLOUD}`, flagOnly)).status, 204);
    assert.equal(emu.control.getUser(`cloud.user002@${CLOUD}`)?.hidden.forceChangePasswordNextSignIn, true);
    const mfa = example('{ "passwordProfile": { "forceChangePasswordNextSignInWithMfa": true, "password": "…" } }');
    mfa.passwordProfile.password = 'Golden-Mfa-Passw0rd!';
    assert.equal((await graph(emu, token, 'PATCH', `/users/cloud.user003@${CLOUD}`, mfa)).status, 204);
    assert.equal(emu.control.getUser(`cloud.user003@${CLOUD}`)?.hidden.forceChangePasswordNextSignInWithMfa, true);
  });

  it('A2/A10: the 403 body for a caller whose role is too weak for the target', async () => {
    const r = await graph(emu, token, 'PATCH', `/users/ga.alice@${CLOUD}`, {
      passwordProfile: { forceChangePasswordNextSignIn: true },
    });
    assert.equal(r.status, 403);
    for (const marker of [
      '{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges',
      '{ "error": { "code": "Authorization_RequestDenied"',
    ]) {
      assert.deepEqual(sameShape(example(marker), r.body), []);
    }
    assert.equal(r.headers['request-id'], r.body.error.innerError['request-id']);
  });

  it('A3: the revokeSignInSessions answer', async () => {
    const r = await graph(emu, token, 'POST', `/users/cloud.user004@${CLOUD}/revokeSignInSessions`);
    assert.equal(r.status, 200);
    assert.deepEqual(
      sameShape(example('{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#Edm.Boolean"'), r.body),
      [],
    );
  });

  it('A4: the TAP request of the doc, its start three days ahead as in the doc, gives the documented answer', async () => {
    const request = example('{ "startDateTime": "2022-06-05T00:00:00.000Z"');
    request.startDateTime = new Date(emu.control.now() + 3 * 86_400_000).toISOString();
    const r = await graph(
      emu,
      token,
      'POST',
      `/users/cloud.user005@${CLOUD}/authentication/temporaryAccessPassMethods`,
      request,
    );
    assert.equal(r.status, 201, r.text);
    const golden = example('{ "@odata.type": "#microsoft.graph.temporaryAccessPassAuthenticationMethod"');
    assert.deepEqual(sameShape(golden, r.body), []);
  });

  it('A9: the 429 body and headers when a limit is reached', async () => {
    const path = '/reports/authenticationMethods/userRegistrationDetails?$top=1';
    let r = await graph(emu, token, 'GET', path);
    for (let i = 0; i < 5 && r.status !== 429; i++) r = await graph(emu, token, 'GET', path);
    assert.equal(r.status, 429);
    assert.deepEqual(sameShape(example('{"error":{"code":"TooManyRequests"'), r.body), []);
    assert.match(r.headers['retry-after'] ?? '', /^\d+$/);
  });

  it('A1, A7, A8, A10: the documented error messages, word for word', async () => {
    const documented = (message: string) => assert.ok(doc.includes(`"${message}"`), `not in graph.md: ${message}`);
    const search = await graph(emu, token, 'GET', '/users?$search="displayName:alice"');
    documented(search.body.error.message);
    const ends = await graph(
      emu,
      token,
      'GET',
      `/users?$filter=${encodeURIComponent("endsWith(mail,'@lab.example')")}`,
    );
    const endsPattern = new RegExp(
      "\"(Operator 'endsWith' is not supported because the required parameters might be missing\\. " +
        'Try adding \\$count=true query parameter and ConsistencyLevel:eventual header)…"',
    );
    const documentedEnds = endsPattern.exec(doc)?.[1];
    assert.ok(documentedEnds && ends.body.error.message.startsWith(documentedEnds), ends.body.error.message);
    documented((await graph(emu, token, 'GET', '/directoryRoles?$top=2')).body.error.message);
    const batch = await graph(emu, token, 'POST', '/$batch', {
      requests: [{ id: '1', method: 'GET', url: '/v1.0/users' }],
    });
    documented(batch.body.responses[0].body.error.message);
    documented((await graph(emu, token, 'POST', '/$batch', { requests: 'none' })).body.error.message);
    const missing = await graph(emu, token, 'GET', '/users/no-such-user');
    documented(missing.body.error.message.replace("'no-such-user'", "'{id}'"));
    documented(
      (
        await graph(emu, token, 'PATCH', '/users/hybrid.fixture3@lab.example', {
          passwordProfile: { password: 'Golden-A2-Passw0rd!' },
        })
      ).body.error.message,
    );
    documented(
      (await graph(emu, token, 'PATCH', `/users/cloud.user006@${CLOUD}`, { passwordProfile: { password: 'weak' } }))
        .body.error.message,
    );
    documented((await graph(emu, token, 'GET', '/users', undefined, { authorization: '' })).body.error.message);
  });

  it('A5: resetPassword answers 202 with a Location of an operation, body {} when the caller gave the password', async () => {
    const app = emu.apps.find((a) => a.name === 'reclaim');
    const form = new URLSearchParams({
      client_id: app?.clientId ?? '',
      grant_type: 'password',
      username: `paa.bob@${CLOUD}`,
      password: 'Lab-Bob-2024!',
      scope: 'https://graph.microsoft.com/.default',
    });
    const { raw } = await import('./support/emulator-fixture.ts');
    const t = await raw(`${emu.url}/${emu.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    const r = await graph(
      emu,
      t.body.access_token,
      'POST',
      `/users/cloud.user007@${CLOUD}/authentication/methods/28c10230-6103-485e-b985-444c60001490/resetPassword`,
      { newPassword: 'Golden-A5-Passw0rd!' },
    );
    assert.equal(r.status, 202);
    assert.deepEqual(r.body, {});
    assert.match(r.headers.location ?? '', /\/users\/[^/]+\/authentication\/operations\/[^?]+\?aadgdc=/);
  });
});
