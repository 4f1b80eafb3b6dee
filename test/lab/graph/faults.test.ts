// Injected faults behave like the real failures Reclaim must survive: forced 429/503/504 with
// Retry-After, latency, a dropped connection, and the dangerous one, a write that is applied but
// answered 504, whose effect is visible in the tenant afterwards.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningGraphEmulator } from '../../../src/lab/graph/graph-emulator.ts';
import { graph, raw, startTestEmulator, tokenFor } from './support/emulator-fixture.ts';

let emu: RunningGraphEmulator;
let token: string;
before(async () => {
  emu = await startTestEmulator();
  token = await tokenFor(emu, 'reclaim');
});
beforeEach(() => emu.control.reset());
after(() => emu.stop());

const UPN = 'cloud.user013@reclaimlab.onmicrosoft.com';

describe('graph emulator: fault injection', () => {
  it('answers a forced 503 once, with Retry-After, then serves normally; the request never ran', async () => {
    emu.control.injectFault({ method: 'PATCH', path: '^/users/', status: 503, retryAfterSeconds: 2 });
    const r = await graph(emu, token, 'PATCH', `/users/${UPN}`, { accountEnabled: false });
    assert.equal(r.status, 503);
    assert.equal(r.headers['retry-after'], '2');
    assert.equal(emu.control.getUser(UPN)?.props.accountEnabled, true);
    assert.equal((await graph(emu, token, 'PATCH', `/users/${UPN}`, { accountEnabled: false })).status, 204);
    assert.equal(emu.control.getUser(UPN)?.props.accountEnabled, false);
  });

  it('applies a write and answers 504 when asked ("applied but answered 504")', async () => {
    const id = emu.control.injectFault({ method: 'PATCH', path: '^/users/[^/]+$', status: 504, afterApply: true });
    const r = await graph(emu, token, 'PATCH', `/users/${UPN}`, {
      passwordProfile: { password: 'Applied-But-504!', forceChangePasswordNextSignIn: true },
    });
    assert.equal(r.status, 504);
    assert.equal(emu.control.verifyPassword(UPN, 'Applied-But-504!'), true, 'the write happened');
    assert.equal(emu.control.getUser(UPN)?.hidden.forceChangePasswordNextSignIn, true);
    const entry = emu.control.requestLog().find((e) => e.faultId === id);
    assert.equal(entry?.status, 504);
  });

  it('repeats a 429 the given number of times, then lets the request through', async () => {
    emu.control.injectFault({ method: 'GET', path: '^/organization$', status: 429, retryAfterSeconds: 1, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await graph(emu, token, 'GET', '/organization')).status);
    assert.deepEqual(statuses, [429, 429, 200]);
  });

  it('adds latency to matching requests only', async () => {
    emu.control.injectFault({ method: 'GET', path: '^/organization$', latencyMs: 300 });
    const t0 = Date.now();
    assert.equal((await graph(emu, token, 'GET', '/organization')).status, 200);
    const slow = Date.now() - t0;
    assert.ok(slow >= 290, `took ${slow} ms`);
  });

  it('drops the connection without an answer', async () => {
    emu.control.injectFault({ path: '^/users$', reset: true });
    await assert.rejects(
      graph(emu, token, 'GET', '/users'),
      (e: NodeJS.ErrnoException) => ['ECONNRESET', 'EPIPE'].includes(e.code ?? '') || /socket hang up/.test(e.message),
    );
    assert.equal((await graph(emu, token, 'GET', '/users?$top=1')).status, 200);
  });

  it('reaches batch items: one item applied-but-504, its sibling untouched by the fault', async () => {
    const other = 'cloud.user014@reclaimlab.onmicrosoft.com';
    emu.control.injectFault({
      method: 'PATCH',
      path: `^/users/${UPN.replace(/\./g, '\\.')}$`,
      status: 504,
      afterApply: true,
      where: 'batchItem',
    });
    const r = await graph(emu, token, 'POST', '/$batch', {
      requests: [
        {
          id: '1',
          method: 'PATCH',
          url: `/users/${UPN}`,
          headers: { 'Content-Type': 'application/json' },
          body: { accountEnabled: false },
        },
        {
          id: '2',
          method: 'PATCH',
          url: `/users/${other}`,
          headers: { 'Content-Type': 'application/json' },
          body: { accountEnabled: false },
        },
      ],
    });
    assert.equal(r.status, 200);
    const byId = Object.fromEntries(r.body.responses.map((x: { id: string; status: number }) => [x.id, x.status]));
    assert.deepEqual(byId, { 1: 504, 2: 204 });
    assert.equal(emu.control.getUser(UPN)?.props.accountEnabled, false);
    assert.equal(emu.control.getUser(other)?.props.accountEnabled, false);
  });

  it('is controlled over HTTP under /_emulator too (inject, read the log, clear)', async () => {
    const inject = await raw(`${emu.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'GET', path: '^/organization$', status: 503 }),
    });
    assert.equal(inject.status, 200);
    assert.equal((await graph(emu, token, 'GET', '/organization')).status, 503);
    const log = await raw(`${emu.url}/_emulator/requests`);
    assert.ok(
      log.body.requests.some((e: { path: string; status: number }) => e.path === '/organization' && e.status === 503),
    );
    assert.ok(!log.text.includes(token), 'the log never holds a token');
    await raw(`${emu.url}/_emulator/faults`, { method: 'DELETE' });
    const clock = await raw(`${emu.url}/_emulator/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: 60_000 }),
    });
    assert.equal(clock.status, 200);
    assert.ok(Date.parse(clock.body.now) >= Date.now() + 59_000);
    const bad = await raw(`${emu.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '(' }),
    });
    assert.equal(bad.status, 400);
  });
});
