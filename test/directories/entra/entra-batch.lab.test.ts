// The throughput path: $batch envelopes over the Graph emulator, per-item throttling and unknown
// outcomes re-queued, pacing below the write quota. Every effect is read back from the tenant.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ActionSpec } from '../../../src/core/action.ts';
import { Secret } from '../../../src/core/secret.ts';
import type { ApplyOutcome } from '../../../src/directories/entra/apply-many.ts';
import { startEntraLab, type EntraLab } from './entra-lab-fixture.ts';

let lab: EntraLab;
before(async () => {
  lab = await startEntraLab({ timeScale: 0.01 });
});
after(async () => {
  await lab?.stop();
});
beforeEach(() => lab.emulator.control.reset());

const cloudUsers = () =>
  lab.emulator.control.listUsers().filter((u) => String(u.props.userPrincipalName).startsWith('cloud.user'));
const act = (kind: ActionSpec['kind'], key: string): ActionSpec => ({
  kind,
  directory: 'entra-lab',
  identity: { directory: 'entra-lab', key, name: key },
});

async function collect(outcomes: AsyncIterable<ApplyOutcome>): Promise<ApplyOutcome[]> {
  const all: ApplyOutcome[] = [];
  for await (const o of outcomes) all.push(o);
  return all;
}

/** Successful answers per user path in the emulator's log: a write applied twice shows up here. */
function appliedWritesPerPath(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of lab.emulator.control.requestLog()) {
    if (e.method !== 'GET' && e.path !== '/$batch' && e.status >= 200 && e.status < 300)
      counts.set(e.path, (counts.get(e.path) ?? 0) + 1);
  }
  return counts;
}

describe('Entra connector: $batch path', () => {
  it('applies mixed actions in batches of at most 20, each exactly once, passwords per identity', async () => {
    const d = lab.directory();
    const users = cloudUsers();
    const kinds = ['requireChange', 'disable', 'revokeSessions', 'resetPassword'] as const;
    const actions = users.map((u, i) => act(kinds[i % 4] as ActionSpec['kind'], u.id));
    const passwords = new Map(actions.map((a, i) => [a.identity.key, new Secret(`Rc!9-batch-${i}-Zq`)]));
    const outcomes = await collect(
      d.applyMany(actions, (a) =>
        a.kind === 'resetPassword' ? { password: passwords.get(a.identity.key) as Secret } : {},
      ),
    );
    assert.equal(outcomes.length, actions.length);
    assert.deepEqual(
      outcomes.filter((o) => !o.ok).map((o) => !o.ok && o.error.code),
      [],
    );
    for (const [i, u] of users.entries()) {
      const state = lab.emulator.control.getUser(u.id);
      if (i % 4 === 0) assert.equal(state?.hidden.forceChangePasswordNextSignIn, true);
      if (i % 4 === 1) assert.equal(state?.props.accountEnabled, false);
      if (i % 4 === 3) assert.equal(lab.emulator.control.verifyPassword(u.id, `Rc!9-batch-${i}-Zq`), true);
    }
    const log = lab.emulator.control.requestLog();
    const batches = log.filter((e) => e.path === '/$batch');
    assert.ok(batches.length >= Math.ceil(actions.length / 20), `${batches.length} batches`);
    assert.equal(log.filter((e) => e.inBatch).length, actions.length, 'every item sent once');
    assert.ok([...appliedWritesPerPath().values()].every((n) => n === 1));
  });

  it('throttled items come back as 429 inside a 200, are re-queued after the longest Retry-After and applied once', async () => {
    const d = lab.directory();
    const users = cloudUsers().slice(0, 20);
    lab.emulator.control.injectFault({
      method: 'PATCH',
      path: '^/users/',
      status: 429,
      retryAfterSeconds: 1,
      times: 5,
      where: 'batchItem',
    });
    const started = performance.now();
    const outcomes = await collect(d.applyMany(users.map((u) => act('requireChange', u.id))));
    assert.ok(performance.now() - started >= 1000, 'waited for Retry-After');
    assert.equal(outcomes.filter((o) => o.ok).length, 20);
    assert.equal(outcomes.filter((o) => o.attempts === 2).length, 5);
    assert.ok(users.every((u) => lab.emulator.control.getUser(u.id)?.hidden.forceChangePasswordNextSignIn === true));
    const items = lab.emulator.control.requestLog().filter((e) => e.inBatch);
    assert.equal(items.filter((e) => e.status === 429).length, 5);
    assert.ok([...appliedWritesPerPath().values()].every((n) => n === 1));
  });

  it('an item answered 504 after it was applied is reported OUTCOME_UNKNOWN and not re-sent: the caller reads it back', async () => {
    const d = lab.directory();
    const [u] = cloudUsers();
    assert.ok(u);
    lab.emulator.control.injectFault({
      method: 'PATCH',
      path: `^/users/${u.id}$`,
      status: 504,
      afterApply: true,
      where: 'batchItem',
    });
    const password = new Secret('Rc!9-same-value-4410');
    const outcomes = await collect(d.applyMany([act('resetPassword', u.id)], () => ({ password })));
    assert.deepEqual(
      outcomes.map((o) => [o.ok, !o.ok && o.error.code, o.attempts]),
      [[false, 'OUTCOME_UNKNOWN', 1]],
    );
    assert.equal(lab.emulator.control.verifyPassword(u.id, 'Rc!9-same-value-4410'), true, 'the write landed');
    assert.equal(lab.emulator.control.requestLog().filter((e) => e.inBatch).length, 1, 'sent once');
  });

  it('every item of a batch whose connection dropped is reported OUTCOME_UNKNOWN, none re-sent', async () => {
    const d = lab.directory();
    const users = cloudUsers().slice(0, 20);
    lab.emulator.control.injectFault({
      method: 'PATCH',
      path: `^/users/${users[5]?.id}$`,
      reset: true,
      where: 'batchItem',
    });
    const outcomes = await collect(d.applyMany(users.map((u) => act('disable', u.id))));
    assert.equal(outcomes.length, 20);
    assert.ok(outcomes.every((o) => !o.ok && o.error.code === 'OUTCOME_UNKNOWN' && o.attempts === 1));
    assert.equal(lab.emulator.control.requestLog().filter((e) => e.inBatch).length, 20, 'one batch, sent once');
  });

  it('the kill switch: no batch is sent after it fires, and every action taken is reported, applied or not sent', async () => {
    const ids = lab.emulator.control.seedUsers(
      Array.from({ length: 300 }, (_, i) => ({ userPrincipalName: `kill${i}@reclaimlab.onmicrosoft.com` })),
    );
    const d = lab.directory(); // the documented quota: 20 writes a second, so most of the run is still queued
    const abort = new AbortController();
    const outcomes: ApplyOutcome[] = [];
    let sentAtAbort = -1;
    for await (const o of d.applyMany(
      ids.map((id) => act('disable', id)),
      () => ({}),
      { signal: abort.signal },
    )) {
      outcomes.push(o);
      if (!abort.signal.aborted) {
        abort.abort();
        sentAtAbort = lab.emulator.control.requestLog().filter((e) => e.inBatch).length;
      }
    }
    const sent = lab.emulator.control.requestLog().filter((e) => e.inBatch).length;
    const applied = outcomes.filter((o) => o.ok);
    const notSent = outcomes.filter((o) => !o.ok && o.notSent === true);
    assert.equal(applied.length + notSent.length, outcomes.length, 'only applied or not sent');
    assert.ok(
      notSent.length > 0 && notSent.every((o) => o.attempts === 0 && !o.ok && o.error.code === 'KILL_SWITCH_ENGAGED'),
    );
    assert.ok(sent - sentAtAbort <= 20 * 8, 'at most the batches already in flight were answered after the switch');
    assert.equal(applied.length, sent);
    for (const o of applied)
      assert.equal(lab.emulator.control.getUser(o.action.identity.key)?.props.accountEnabled, false);
    for (const o of notSent)
      assert.equal(lab.emulator.control.getUser(o.action.identity.key)?.props.accountEnabled, true);
    const reported = new Set(outcomes.map((o) => o.action.identity.key));
    assert.equal(reported.size, outcomes.length, 'each action reported once');
  });

  it('a consumer that stops reading stops the run: nothing more is sent', async () => {
    const ids = lab.emulator.control.seedUsers(
      Array.from({ length: 300 }, (_, i) => ({ userPrincipalName: `stop${i}@reclaimlab.onmicrosoft.com` })),
    );
    const d = lab.directory();
    for await (const o of d.applyMany(ids.map((id) => act('disable', id)))) {
      assert.ok(o);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 300)); // batches in flight land
    const sent = lab.emulator.control.requestLog().filter((e) => e.inBatch).length;
    await new Promise((resolve) => setTimeout(resolve, 1500)); // at 20 writes a second, 30 more would be due
    assert.equal(lab.emulator.control.requestLog().filter((e) => e.inBatch).length, sent);
    assert.ok(sent < 300);
  });

  it('per-identity failures are outcomes with codes, not exceptions', async () => {
    const d = lab.directory(['reclaim']);
    const admin = lab.emulator.control
      .listUsers()
      .find((u) => String(u.props.userPrincipalName).startsWith('ga.alice'));
    assert.ok(admin);
    const [plain] = cloudUsers();
    assert.ok(plain);
    const outcomes = await collect(
      d.applyMany([
        act('requireChange', admin.id),
        act('requireChange', '00000000-0000-0000-0000-0000000000ff'),
        act('requireChange', plain.id),
        act('resetPassword', plain.id),
      ]),
    );
    const codes = Object.fromEntries(
      outcomes.map((o) => [`${o.action.kind}:${o.action.identity.key}`, o.ok ? 'OK' : o.error.code]),
    );
    assert.deepEqual(codes, {
      [`requireChange:${admin.id}`]: 'INSUFFICIENT_RIGHTS',
      'requireChange:00000000-0000-0000-0000-0000000000ff': 'IDENTITY_NOT_FOUND',
      [`requireChange:${plain.id}`]: 'OK',
      [`resetPassword:${plain.id}`]: 'USAGE_INVALID',
    });
  });

  it('actions that cannot be batched (TAP) go one by one, each pass to its own onSecret', async () => {
    const d = lab.directory();
    const users = cloudUsers().slice(0, 3);
    const passes = new Map<string, string>();
    const outcomes = await collect(
      d.applyMany(
        users.map((u) => act('issueTap', u.id)),
        (a) => ({ onSecret: (s) => passes.set(a.identity.key, s.reveal()) }),
      ),
    );
    assert.deepEqual(
      outcomes.map((o) => o.ok),
      [true, true, true],
    );
    assert.equal(passes.size, 3);
    assert.ok(users.every((u) => lab.emulator.control.getUser(u.id)?.hidden.tap));
    assert.equal(lab.emulator.control.requestLog().filter((e) => e.inBatch).length, 0);
  });

  // Whether pacing holds the rate below the quota is checked by the pacer's unit test (fake clock,
  // every sliding window) and measured by `npm run bench -- entra-write` against an unpaced client;
  // the in-process emulator cannot be driven faster than its own refill here, so this test checks
  // completeness at volume.
  it('a run larger than the per-app write quota is applied completely, each write once, with few 429s', async () => {
    const seeded = lab.emulator.control.seedUsers(
      Array.from({ length: 4000 }, (_, i) => ({ userPrincipalName: `pace.user${i}@reclaimlab.onmicrosoft.com` })),
    );
    // The documented quota, with the emulator's time scale: 3,000 writes per 1.5 s.
    const d = lab.directory(['reclaim-privileged'], {
      tuning: {
        quotas: { perApp: { limit: 3000, windowMs: 1500 }, tenant: { limit: 18_000, windowMs: 3000 } },
        batchesInFlight: 8,
      },
    });
    const outcomes = await collect(d.applyMany(seeded.map((id) => act('requireChange', id))));
    assert.equal(outcomes.filter((o) => o.ok).length, 4000);
    assert.ok(seeded.every((id) => lab.emulator.control.getUser(id)?.hidden.forceChangePasswordNextSignIn === true));
    const throttled = lab.emulator.control.requestLog().filter((e) => e.status === 429).length;
    assert.ok(throttled <= 40, `${throttled} throttled answers for 4000 writes`);
  });
});
