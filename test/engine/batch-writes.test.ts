// The engine over a directory with a batch path (Entra's $batch): every action still passes its own
// guardrails and is journaled before and after its write, while the writes go many to a request.
// SAFETY properties: apply-start is durable before the request carrying the write leaves; the kill
// switch is asked before each request; a batch cut off mid-flight (the process died) is recovered
// from the ground truth: nothing lost, nothing written twice.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { ActionPasswords } from '../../src/engine/action-passwords.ts';
import { runActions } from '../../src/engine/run-actions.ts';
import { readJournal } from '../../src/store/actions/read-journal.ts';
import { setKillSwitch } from '../../src/store/campaigns/kill-switch.ts';
import { BatchingMemoryDirectory } from './support/a-batching-directory.ts';
import {
  anEngineFixture,
  campaignKey,
  fastRun,
  planActions,
  runDeps,
  statesOf,
  type EngineFixture,
} from './support/engine-fixture.ts';

const limits = { 'corp-entra': { concurrency: 4, ratePerSecond: Infinity, burst: 1 } };
let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

const idByKey = async (f: EngineFixture) =>
  new Map(
    (
      await f.store.db
        .selectFrom('actions')
        .select(['id', 'identityKey'])
        .where('campaignId', '=', f.campaignId)
        .execute()
    ).map((r) => [r.identityKey, Number(r.id)]),
  );

describe('engine: batched writes', () => {
  it('sends the writes many to a request, not bound by the write slots, each journaled claim -> apply-start -> apply-ok', async () => {
    const f = (fixture = await anEngineFixture());
    const entra = new BatchingMemoryDirectory('corp-entra').withUsers(60);
    const ids = await planActions(f, entra, 'requireChange');
    const byKey = await idByKey(f);
    const startedBeforeWrite: boolean[] = [];
    entra.onWrite = async (w) => {
      const journal = await readJournal(f.store, byKey.get(w.key)!);
      startedBeforeWrite.push(journal.some((e) => e.event === 'apply-start'));
    };
    const summary = await runActions(runDeps(f, [entra]), { campaignId: f.campaignId, limits, ...fastRun });
    assert.equal(summary.applied, 60);
    assert.deepEqual(await statesOf(f.store, f.campaignId), { applied: 60 });
    for (const user of entra.users.values())
      assert.equal(entra.writesTo(user.key).length, 1, `${user.name} written once`);
    assert.ok(
      Math.max(...entra.requests) > 4,
      `requests carried more writes than the 4 write slots: ${entra.requests.join(',')}`,
    );
    assert.ok(entra.requests.every((n) => n <= 20));
    assert.deepEqual(startedBeforeWrite, Array(60).fill(true), 'apply-start durable before each write');
    for (const id of ids)
      assert.deepEqual(
        (await readJournal(f.store, id)).map((e) => e.event),
        ['claim', 'apply-start', 'apply-ok'],
      );
  });

  it('refuses a protected identity before its write, and writes the others', async () => {
    const f = (fixture = await anEngineFixture());
    const entra = new BatchingMemoryDirectory('corp-entra').withUsers(10);
    await planActions(f, entra, 'disable');
    await runActions(runDeps(f, [entra], { protectedNames: ['user3', 'user7'] }), {
      campaignId: f.campaignId,
      limits,
      ...fastRun,
    });
    assert.deepEqual(await statesOf(f.store, f.campaignId), { applied: 8, failed: 2 });
    assert.equal(entra.users.get('corp-entra-key-3')!.enabled, true);
    assert.equal(entra.users.get('corp-entra-key-7')!.enabled, true);
    assert.equal(entra.writes.length, 8);
  });

  it('the kill switch is asked before each request: after it, no request leaves; the rest waits, planned, and is written once later', async () => {
    const f = (fixture = await anEngineFixture());
    const entra = new BatchingMemoryDirectory('corp-entra').withUsers(400);
    entra.requestMs = 50;
    await planActions(f, entra, 'requireChange');
    let writesAtSwitch = -1;
    let requestsAtSwitch = -1;
    entra.onWrite = async () => {
      if (entra.writes.length === 30) {
        await setKillSwitch(f.store, {
          campaignId: f.campaignId,
          engaged: true,
          by: 'carol',
          source: 'cli',
          now: new Date(),
        });
        writesAtSwitch = entra.writes.length;
        requestsAtSwitch = entra.requests.length;
      }
    };
    // every action in flight at once: their writes all wait in the stream when the switch engages
    const summary = await runActions(runDeps(f, [entra]), {
      campaignId: f.campaignId,
      limits,
      ...fastRun,
      pipeline: 100,
    });
    assert.equal(summary.stoppedBy, 'kill-switch');
    // the gate's cache is at most 250 ms old: at most 250 ms of requests (50 ms each) after the one in flight
    const requestsAfter = entra.requests.length - requestsAtSwitch;
    assert.ok(requestsAfter <= 250 / 50 + 1, `${requestsAfter} requests after the switch`);
    assert.ok(entra.writes.length - writesAtSwitch <= (requestsAfter + 1) * 20);
    const states = await statesOf(f.store, f.campaignId);
    assert.equal(states.applied, entra.writes.length, 'every write is journaled');
    assert.equal(states.planned, 400 - entra.writes.length, 'the rest went back to planned');
    assert.equal(states.claimed, undefined);

    await setKillSwitch(f.store, {
      campaignId: f.campaignId,
      engaged: false,
      by: 'carol',
      source: 'cli',
      now: new Date(),
    });
    entra.onWrite = () => undefined;
    entra.requestMs = 1;
    const resumed = await runActions(runDeps(f, [entra]), { campaignId: f.campaignId, limits, ...fastRun });
    assert.equal(resumed.stoppedBy, 'done');
    assert.deepEqual(await statesOf(f.store, f.campaignId), { applied: 400 });
    for (const user of entra.users.values()) assert.equal(entra.writesTo(user.key).length, 1);
  });

  it(
    'a batch cut off mid-flight (the process died) is recovered from the ground truth: the writes ' +
      'that landed are not repeated, the others land once, with the same passwords',
    async () => {
      const f = (fixture = await anEngineFixture());
      const entra = new BatchingMemoryDirectory('corp-entra').withUsers(40);
      const ids = await planActions(f, entra, 'resetPassword', { mustChange: false });
      entra.cut = { atRequest: 1, appliedBeforeCut: 7 };
      const dying = new AbortController();
      entra.onWrite = () => {
        if (entra.writes.length === 7) setTimeout(() => dying.abort(), 20);
      };
      const first = await runActions(runDeps(f, [entra], { owner: 'dead-worker' }), {
        campaignId: f.campaignId,
        limits,
        ...fastRun,
        force: dying.signal,
      });
      assert.equal(first.stoppedBy, 'forced');
      assert.equal(entra.writes.length, 7, 'the cut request applied 7 writes and never answered');
      assert.equal(first.applied, 0);

      entra.cut = undefined;
      entra.onWrite = () => undefined;
      const second = await runActions(runDeps(f, [entra], { owner: 'worker-2' }), {
        campaignId: f.campaignId,
        limits,
        ...fastRun,
      });
      assert.equal(second.stoppedBy, 'done');
      assert.deepEqual(await statesOf(f.store, f.campaignId), { applied: 40 });
      const passwords = new ActionPasswords(() => campaignKey, f.campaignId);
      const landedFirst = new Set(entra.writes.slice(0, 7).map((w) => w.key));
      for (const [i, id] of ids.entries()) {
        const key = `corp-entra-key-${i}`;
        const resets = entra.writesTo(key, 'resetPassword');
        assert.equal(resets.length, 1, `user${i} reset exactly once`);
        assert.equal(
          resets[0]!.password,
          (await passwords.passwordFor(id, [`user${i}`])).reveal(),
          `user${i} got its derived password`,
        );
        const events = (await readJournal(f.store, id)).map((e) => e.event);
        assert.equal(
          events.at(-1),
          landedFirst.has(key) ? 'recovered-applied' : 'apply-ok',
          `user${i}: ${events.join(',')}`,
        );
      }
    },
  );

  it('an unknown outcome inside a batch is read back, not sent again', async () => {
    const f = (fixture = await anEngineFixture());
    const entra = new BatchingMemoryDirectory('corp-entra').withUsers(30);
    entra.fault = (spec, attempt) =>
      attempt === 1 && Number(spec.identity.key.split('-').at(-1)) % 4 === 0 ? 'apply-then-hang' : null;
    await planActions(f, entra, 'requireChange');
    const summary = await runActions(runDeps(f, [entra]), { campaignId: f.campaignId, limits, ...fastRun });
    assert.equal(summary.applied, 30);
    for (const user of entra.users.values())
      assert.equal(entra.writesTo(user.key).length, 1, `${user.name} written once`);
    const recovered = await f.store.db
      .selectFrom('journalEvents')
      .select('actionId')
      .where('event', '=', 'recovered-applied')
      .execute();
    assert.equal(recovered.length, 8, 'the 8 unknown outcomes were settled by reading the directory');
  });
});
