// SAFETY property: the kill switch stops writes within a second. Measured by counting the writes
// that started after the switch was engaged, against what a 250 ms gate at this rate allows; no
// wall-clock assertion.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { runActions } from '../../src/engine/run-actions.ts';
import { setKillSwitch } from '../../src/store/campaigns/kill-switch.ts';
import { MemoryDirectory } from './support/a-memory-directory.ts';
import {
  anEngineFixture,
  fastRun,
  planActions,
  runDeps,
  statesOf,
  type EngineFixture,
} from './support/engine-fixture.ts';

let fixture: EngineFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe('kill switch', () => {
  it('stops writes: after the switch, at most the in-flight writes and 250 ms worth of rate', async () => {
    const f = (fixture = await anEngineFixture());
    const ad = new MemoryDirectory('corp-ad').withUsers(300);
    const rate = 100;
    const concurrency = 4;
    await planActions(f, ad, 'requireChange');
    let engagedAtWrite = -1;
    ad.onWrite = async () => {
      if (ad.writes.length === 30) {
        await setKillSwitch(f.store, {
          campaignId: f.campaignId,
          engaged: true,
          by: 'carol',
          source: 'cli',
          now: new Date(),
        });
        engagedAtWrite = ad.writes.length;
      }
    };
    const summary = await runActions(runDeps(f, [ad]), {
      campaignId: f.campaignId,
      limits: { 'corp-ad': { concurrency, ratePerSecond: rate, burst: 1 } },
      ...fastRun,
    });
    const after = ad.writes.length - engagedAtWrite;
    const allowed = Math.ceil(rate * 0.25) + concurrency;
    process.stderr.write(`kill switch: ${after} write(s) after engaging (allowed ${allowed})\n`);
    assert.equal(summary.stoppedBy, 'kill-switch');
    assert.ok(after <= allowed, `${after} writes after the switch, at most ${allowed}`);
    const states = await statesOf(f.store, f.campaignId);
    assert.equal(states.applied, ad.writes.length, 'every write is journaled');
    assert.equal(states.planned, 300 - ad.writes.length, 'the rest wait, none lost');
    assert.equal(states.claimed, undefined);

    // Released: a new run finishes the campaign, each identity written once.
    await setKillSwitch(f.store, {
      campaignId: f.campaignId,
      engaged: false,
      by: 'carol',
      source: 'cli',
      now: new Date(),
    });
    ad.onWrite = () => undefined;
    const resumed = await runActions(runDeps(f, [ad]), {
      campaignId: f.campaignId,
      limits: { 'corp-ad': { concurrency, ratePerSecond: Infinity, burst: 1 } },
      ...fastRun,
    });
    assert.equal(resumed.stoppedBy, 'done');
    assert.deepEqual(await statesOf(f.store, f.campaignId), { applied: 300 });
    for (const user of ad.users.values()) assert.equal(ad.writesTo(user.key).length, 1);
  });
});
