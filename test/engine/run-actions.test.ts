// The claim loop against a real SQLite store and an in-memory directory: every action applied
// exactly once and journaled, retries only for retryable codes, per-directory concurrency,
// guardrails at apply time, graceful shutdown.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { runActions } from '../../src/engine/run-actions.ts';
import { readJournal } from '../../src/store/actions/read-journal.ts';
import { MemoryDirectory } from './support/a-memory-directory.ts';
import {
  anEngineFixture,
  fastRun,
  planActions,
  runDeps,
  statesOf,
  type EngineFixture,
} from './support/engine-fixture.ts';

const unlimited = { concurrency: 4, ratePerSecond: Infinity, burst: 1 };
let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe('runActions', () => {
  it('applies every planned action exactly once and journals claim, apply-start and apply-ok', async () => {
    const f = (fixture = await anEngineFixture());
    const ad = new MemoryDirectory('corp-ad').withUsers(25);
    const ids = await planActions(f, ad, 'requireChange');
    const summary = await runActions(runDeps(f, [ad]), {
      campaignId: f.campaignId,
      limits: { 'corp-ad': unlimited },
      ...fastRun,
    });
    assert.equal(summary.applied, 25);
    assert.equal(summary.stoppedBy, 'done');
    assert.deepEqual(await statesOf(f.store, f.campaignId), { applied: 25 });
    for (const user of ad.users.values()) {
      assert.equal(user.mustChange, true, `${user.name} must change`);
      assert.equal(ad.writesTo(user.key).length, 1, `${user.name} written once`);
    }
    const journal = await readJournal(f.store, ids[0]!);
    assert.deepEqual(
      journal.map((e) => e.event),
      ['claim', 'apply-start', 'apply-ok'],
    );
  });

  it('never runs more writes at once against a directory than its concurrency', async () => {
    const f = (fixture = await anEngineFixture());
    const ad = new MemoryDirectory('corp-ad').withUsers(30);
    ad.latencyMs = 5;
    await planActions(f, ad, 'disable');
    await runActions(runDeps(f, [ad]), {
      campaignId: f.campaignId,
      limits: { 'corp-ad': { ...unlimited, concurrency: 3 } },
      ...fastRun,
    });
    assert.equal(ad.writes.length, 30);
    assert.ok(ad.maxConcurrent <= 3, `at most 3 at once, saw ${ad.maxConcurrent}`);
    assert.ok(ad.maxConcurrent >= 2, `used the concurrency it was given, saw ${ad.maxConcurrent}`);
  });

  it('gives a write slot to the next write once the directory says only a check remains (onWritten)', async () => {
    const f = (fixture = await anEngineFixture());
    const ad = new MemoryDirectory('corp-ad').withUsers(24);
    ad.latencyMs = 5;
    ad.checkMs = 40;
    await planActions(f, ad, 'requireChange');
    await runActions(runDeps(f, [ad]), {
      campaignId: f.campaignId,
      limits: { 'corp-ad': { ...unlimited, concurrency: 2 } },
      ...fastRun,
    });
    assert.deepEqual(await statesOf(f.store, f.campaignId), { applied: 24 });
    assert.equal(ad.writes.length, 24, 'each written once');
    assert.ok(ad.maxWriting <= 2, `at most 2 writes at once, saw ${ad.maxWriting}`);
    assert.ok(
      ad.maxConcurrent > 2,
      `writes started while others waited for their check: ${ad.maxConcurrent} actions at once`,
    );
  });

  it('retries retryable codes with backoff until applied, and records permanent codes without retrying', async () => {
    const f = (fixture = await anEngineFixture());
    const ad = new MemoryDirectory('corp-ad').withUsers(6);
    // user0 and user1 are throttled twice, user2 is refused for rights, user3 is never reachable.
    ad.fault = (spec, attempt) => {
      if ((spec.identity.name === 'user0' || spec.identity.name === 'user1') && attempt <= 2)
        return 'DIRECTORY_THROTTLED';
      if (spec.identity.name === 'user2') return 'INSUFFICIENT_RIGHTS';
      if (spec.identity.name === 'user3') return 'DIRECTORY_UNAVAILABLE';
      return null;
    };
    await planActions(f, ad, 'requireChange');
    const summary = await runActions(runDeps(f, [ad]), {
      campaignId: f.campaignId,
      limits: { 'corp-ad': unlimited },
      ...fastRun,
    });
    assert.equal(summary.applied, 4);
    assert.equal(summary.failed, 2);
    assert.equal(ad.attemptsByKey.get('corp-ad-key-0'), 3);
    assert.equal(ad.attemptsByKey.get('corp-ad-key-2'), 1, 'a permanent code is not retried');
    assert.equal(ad.attemptsByKey.get('corp-ad-key-3'), 4, 'a retryable code is retried up to maxAttempts');
    const failed = await f.store.db
      .selectFrom('actions')
      .select(['identityName', 'lastErrorCode', 'failureRetryable'])
      .where('state', '=', 'failed')
      .orderBy('identityName')
      .execute();
    assert.deepEqual(
      failed.map((r) => [r.identityName, r.lastErrorCode, Number(r.failureRetryable)]),
      [
        ['user2', 'INSUFFICIENT_RIGHTS', 0],
        ['user3', 'DIRECTORY_UNAVAILABLE', 0],
      ],
    );
  });

  it('refuses a protected identity at apply time with IDENTITY_PROTECTED and writes nothing to it', async () => {
    const f = (fixture = await anEngineFixture());
    const ad = new MemoryDirectory('corp-ad').withUsers(5);
    await planActions(f, ad, 'resetPassword', { mustChange: true });
    const summary = await runActions(runDeps(f, [ad], { protectedNames: ['user3'] }), {
      campaignId: f.campaignId,
      limits: { 'corp-ad': unlimited },
      ...fastRun,
    });
    assert.equal(summary.applied, 4);
    assert.equal(ad.writesTo('corp-ad-key-3').length, 0);
    const row = await f.store.db
      .selectFrom('actions')
      .select(['state', 'lastErrorCode'])
      .where('identityName', '=', 'user3')
      .executeTakeFirstOrThrow();
    assert.deepEqual({ ...row }, { state: 'failed', lastErrorCode: 'IDENTITY_PROTECTED' });
  });

  it('refuses to write anything for a plan without a second approver', async () => {
    const f = (fixture = await anEngineFixture({ approved: false }));
    const ad = new MemoryDirectory('corp-ad').withUsers(5);
    await planActions(f, ad, 'requireChange');
    const summary = await runActions(runDeps(f, [ad]), {
      campaignId: f.campaignId,
      limits: { 'corp-ad': unlimited },
      ...fastRun,
    });
    assert.equal(summary.stoppedBy, 'refused');
    assert.equal(summary.refusal?.code, 'PLAN_NOT_APPROVED');
    assert.equal(ad.writes.length, 0);
    assert.deepEqual(await statesOf(f.store, f.campaignId), { planned: 5 });
  });

  it('stops gracefully on a signal: in-flight writes finish and are journaled, the rest go back to planned', async () => {
    const f = (fixture = await anEngineFixture());
    const ad = new MemoryDirectory('corp-ad').withUsers(40);
    ad.latencyMs = 10;
    await planActions(f, ad, 'disable');
    const stop = new AbortController();
    ad.onWrite = () => {
      if (ad.writes.length === 8) stop.abort();
    };
    const summary = await runActions(runDeps(f, [ad]), {
      campaignId: f.campaignId,
      limits: { 'corp-ad': unlimited },
      ...fastRun,
      signal: stop.signal,
    });
    assert.equal(summary.stoppedBy, 'signal');
    const states = await statesOf(f.store, f.campaignId);
    assert.equal(states.claimed, undefined, 'no action is left claimed');
    assert.equal(states.applied, ad.writes.length, 'every write that happened is journaled as applied');
    assert.equal((states.applied ?? 0) + (states.planned ?? 0), 40);
    assert.ok((states.planned ?? 0) > 0);
  });

  it('a service account that cannot sign in stops the run with the reason; no identity is recorded failed', async () => {
    const f = (fixture = await anEngineFixture());
    const ad = new MemoryDirectory('corp-ad').withUsers(10);
    await planActions(f, ad, 'requireChange');
    ad.fault = () => 'SERVICE_ACCOUNT_LOGON_FAILED';
    const summary = await runActions(runDeps(f, [ad]), {
      campaignId: f.campaignId,
      limits: { 'corp-ad': unlimited },
      ...fastRun,
    });
    assert.equal(summary.stoppedBy, 'refused');
    assert.equal(summary.refusal?.code, 'SERVICE_ACCOUNT_LOGON_FAILED');
    assert.equal(summary.failed, 0);
    assert.deepEqual(await statesOf(f.store, f.campaignId), { planned: 10 }, 'every action waits for a fixed config');
    ad.fault = () => null;
    const again = await runActions(runDeps(f, [ad]), {
      campaignId: f.campaignId,
      limits: { 'corp-ad': unlimited },
      ...fastRun,
    });
    assert.equal(again.applied, 10);
  });
});
