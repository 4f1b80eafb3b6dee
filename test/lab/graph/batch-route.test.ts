// $batch follows graph.md A8: at most 20 items, unique ids (case-insensitive), relative URLs
// without a version, 424 for a failed dependsOn, per-item throttling inside an outer 200, and item
// headers spelled `Content-Type`.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningGraphEmulator } from '../../../src/lab/graph/graph-emulator.ts';
import { graph, startTestEmulator, tokenFor } from './support/emulator-fixture.ts';

let emu: RunningGraphEmulator;
let token: string;
before(async () => {
  emu = await startTestEmulator();
  token = await tokenFor(emu, 'reclaim');
});
beforeEach(() => emu.control.reset());
after(() => emu.stop());

const CLOUD = 'reclaimlab.onmicrosoft.com';
const get = (id: string, url: string, extra: Record<string, unknown> = {}) => ({ id, method: 'GET', url, ...extra });
const batch = (requests: unknown[]) => graph(emu, token, 'POST', '/$batch', { requests });
const item = (body: { responses: Array<{ id: string }> }, id: string) => {
  const found = body.responses.find((r) => r.id === id) as any;
  assert.ok(found, `item ${id}`);
  return found;
};

describe('graph emulator: $batch', () => {
  it('runs up to 20 items and answers each inside an outer 200, with `Content-Type` in exactly that casing', async () => {
    const requests = Array.from({ length: 20 }, (_, i) =>
      get(String(i + 1), `/users/cloud.user${String(i + 1).padStart(3, '0')}@${CLOUD}?$select=id,userPrincipalName`),
    );
    const r = await batch(requests);
    assert.equal(r.status, 200);
    assert.equal(r.body.responses.length, 20);
    for (const resp of r.body.responses) {
      assert.equal(resp.status, 200);
      assert.ok(Object.keys(resp.headers).includes('Content-Type'));
      assert.ok(!Object.keys(resp.headers).includes('content-type'));
      assert.equal(resp.headers['x-ms-resource-unit'], '1');
    }
  });

  it('refuses 21 items with 400 for the whole batch, running none of them', async () => {
    const requests = Array.from({ length: 21 }, (_, i) => ({
      id: String(i + 1),
      method: 'PATCH',
      url: `/users/cloud.user001@${CLOUD}`,
      headers: { 'Content-Type': 'application/json' },
      body: { accountEnabled: false },
    }));
    const r = await batch(requests);
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'BadRequest');
    assert.equal(emu.control.getUser(`cloud.user001@${CLOUD}`)?.props.accountEnabled, true);
  });

  it('refuses duplicate ids compared case-insensitively with 400', async () => {
    const r = await batch([get('a', '/users?$top=1'), get('A', '/users?$top=1')]);
    assert.equal(r.status, 400);
  });

  it('refuses an item body without a Content-Type header, and malformed envelopes', async () => {
    assert.equal(
      (
        await batch([
          { id: '1', method: 'PATCH', url: `/users/cloud.user001@${CLOUD}`, body: { accountEnabled: false } },
        ])
      ).status,
      400,
    );
    assert.equal((await graph(emu, token, 'POST', '/$batch', { nope: [] })).status, 400);
    assert.equal((await batch([get('1', '/users', { dependsOn: ['9'] })])).status, 400);
  });

  it('refuses the whole batch when a write item has no body or no Content-Type, running none of its items', async () => {
    const upn = `cloud.user004@${CLOUD}`;
    const disable = {
      id: '1',
      method: 'PATCH',
      url: `/users/${upn}`,
      headers: { 'Content-Type': 'application/json' },
      body: { accountEnabled: false },
    };
    for (const revoke of [
      { id: '2', method: 'POST', url: `/users/${upn}/revokeSignInSessions` },
      {
        id: '2',
        method: 'POST',
        url: `/users/${upn}/revokeSignInSessions`,
        headers: { 'Content-Type': 'application/json' },
      },
    ]) {
      const r = await batch([disable, revoke]);
      assert.equal(r.status, 400);
      assert.equal(r.body.error.message, 'Write request id : 2 does not contain Content-Type header or body.');
      assert.equal(emu.control.getUser(upn)?.props.accountEnabled, true, 'the valid sibling did not run either');
    }
    // with `{}` and its Content-Type the same batch runs; a DELETE or GET needs neither
    const r = await batch([
      disable,
      {
        id: '2',
        method: 'POST',
        url: `/users/${upn}/revokeSignInSessions`,
        headers: { 'Content-Type': 'application/json' },
        body: {},
      },
      get('3', `/users/${upn}`),
    ]);
    assert.deepEqual(
      [r.status, item(r.body, '1').status, item(r.body, '2').status, item(r.body, '3').status],
      [200, 204, 200, 200],
    );
  });

  it('takes faults on the envelope itself: a forced status before any item runs, applied-but-504, a dropped connection; items untouched by them', async () => {
    const upn = `cloud.user005@${CLOUD}`;
    const disable = [
      {
        id: '1',
        method: 'PATCH',
        url: `/users/${upn}`,
        headers: { 'Content-Type': 'application/json' },
        body: { accountEnabled: false },
      },
    ];
    emu.control.injectFault({
      method: 'POST',
      path: '^/\\$batch$',
      status: 503,
      retryAfterSeconds: 4,
      where: 'batchEnvelope',
    });
    const refused = await batch(disable);
    assert.deepEqual([refused.status, refused.headers['retry-after']], [503, '4']);
    assert.equal(emu.control.getUser(upn)?.props.accountEnabled, true, 'no item ran');

    emu.control.injectFault({
      method: 'POST',
      path: '^/\\$batch$',
      status: 504,
      afterApply: true,
      where: 'batchEnvelope',
    });
    const applied = await batch(disable);
    assert.equal(applied.status, 504);
    assert.equal(emu.control.getUser(upn)?.props.accountEnabled, false, 'the items ran, the client was told 504');

    emu.control.injectFault({ path: '^/\\$batch$', reset: true, where: 'batchEnvelope' });
    await assert.rejects(
      batch([get('1', `/users/${upn}`)]),
      (e: NodeJS.ErrnoException) => ['ECONNRESET', 'EPIPE'].includes(e.code ?? '') || /socket hang up/.test(e.message),
    );

    // an envelope fault never hits an item, and an item fault (even '.*') never hits the envelope
    emu.control.injectFault({ path: '.*', status: 500, where: 'any' });
    const r = await batch([get('1', `/users/${upn}`)]);
    assert.deepEqual([r.status, item(r.body, '1').status], [200, 500]);
  });

  it('answers 424 for an item whose dependency failed, and does not run it', async () => {
    const upn = `cloud.user002@${CLOUD}`;
    const r = await batch([
      {
        id: '1',
        method: 'PATCH',
        url: `/users/ga.alice@${CLOUD}`,
        headers: { 'Content-Type': 'application/json' },
        body: { accountEnabled: false },
      },
      {
        id: '2',
        method: 'PATCH',
        url: `/users/${upn}`,
        headers: { 'Content-Type': 'application/json' },
        body: { accountEnabled: false },
        dependsOn: ['1'],
      },
    ]);
    assert.equal(r.status, 200);
    assert.equal(item(r.body, '1').status, 403);
    assert.equal(item(r.body, '2').status, 424);
    assert.equal(emu.control.getUser(upn)?.props.accountEnabled, true);
  });

  it('runs a dependent item after its dependency succeeded', async () => {
    const upn = `cloud.user003@${CLOUD}`;
    const r = await batch([
      {
        id: 'p',
        method: 'PATCH',
        url: `/users/${upn}`,
        headers: { 'Content-Type': 'application/json' },
        body: { passwordProfile: { forceChangePasswordNextSignIn: true } },
      },
      {
        id: 'r',
        method: 'POST',
        url: `/users/${upn}/revokeSignInSessions`,
        headers: { 'Content-Type': 'application/json' },
        body: {},
        dependsOn: ['p'],
      },
    ]);
    assert.equal(item(r.body, 'p').status, 204);
    assert.equal(item(r.body, 'r').status, 200);
    assert.equal(item(r.body, 'r').body.value, true);
  });

  it('answers 400 "Resource not found for the segment \'v1.0\'." to an item URL that keeps the version (graph-client 3.0.7 bug)', async () => {
    const r = await batch([get('1', `/v1.0/users/cloud.user001@${CLOUD}`)]);
    assert.equal(r.status, 200);
    assert.equal(item(r.body, '1').status, 400);
    assert.equal(item(r.body, '1').body.error.message, "Resource not found for the segment 'v1.0'.");
  });

  it('throttles items one by one: an injected 429 comes back as an item with Retry-After inside an outer 200, siblings succeed', async () => {
    emu.control.injectFault({
      method: 'GET',
      path: '^/users/cloud\\.user002',
      status: 429,
      retryAfterSeconds: 7,
      where: 'batchItem',
    });
    const r = await batch([
      get('1', `/users/cloud.user001@${CLOUD}`),
      get('2', `/users/cloud.user002@${CLOUD}`),
      get('3', `/users/cloud.user003@${CLOUD}`),
    ]);
    assert.equal(r.status, 200);
    assert.equal(item(r.body, '2').status, 429);
    assert.equal(item(r.body, '2').headers['Retry-After'], '7');
    assert.equal(item(r.body, '2').body.error.code, 'TooManyRequests');
    assert.equal(item(r.body, '1').status, 200);
    assert.equal(item(r.body, '3').status, 200);
  });

  it('charges every item to the buckets and logs each item', async () => {
    emu.control.clearRequestLog();
    await batch([get('1', '/users?$top=5'), get('2', '/users?$top=5&$select=id')]);
    const items = emu.control.requestLog().filter((e) => e.inBatch);
    assert.deepEqual(
      items.map((e) => [e.batchItemId, e.resourceUnits]),
      [
        ['1', 1],
        ['2', 1],
      ],
    );
    const full = await batch([get('1', '/users?$top=50')]);
    assert.equal(item(full.body, '1').headers['x-ms-resource-unit'], '2');
  });

  it('returns items in reverse order when asked to, so clients must match by id', async () => {
    emu.control.updateSettings({ shuffleBatchResponses: true });
    const r = await batch([get('1', '/users?$top=1'), get('2', '/organization')]);
    assert.deepEqual(
      r.body.responses.map((x: { id: string }) => x.id),
      ['2', '1'],
    );
  });
});
