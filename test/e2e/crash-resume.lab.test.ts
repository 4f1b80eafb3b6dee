// SAFETY property: kill -9 of the runner at any point during a wave loses no action and repeats
// none. 20 kills (RECLAIM_CRASH_ITERATIONS) of runners working a must-change reset wave of 30 lab
// users, each resumed by the next runner or the final run; see support/crash-soak.ts for how lost
// and repeated actions are counted from the journal and from the directory.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startCampaignLab, type CampaignLab } from './support/campaign-lab.ts';
import { crashSoak } from './support/crash-soak.ts';

const iterations = Number(process.env.RECLAIM_CRASH_ITERATIONS ?? 20);
let env: CampaignLab;

before(async () => {
  env = await startCampaignLab({ users: 30, leaseSeconds: 2 });
});
after(async () => {
  await env?.close();
});

describe('kill -9 during a wave', () => {
  it(`loses and repeats no action over ${iterations} kills`, async () => {
    const seed = Number(process.env.RECLAIM_CRASH_SEED ?? Date.now() % 100_000);
    const result = await crashSoak(env, {
      kills: iterations,
      killsPerCampaign: 4,
      maxKillDelayMs: 1200,
      seed,
      log: (l) => process.stderr.write(`crash-resume: ${l}\n`),
    });
    assert.deepEqual(
      [...result.treatments].sort(),
      ['helpdeskReset', 'krbtgtDoubleReset'],
      'high assurance: a must-change reset for everyone (krbtgt on its own timeline)',
    );
    assert.equal(result.lost, 0, `no action lost (seed ${seed})`);
    assert.equal(result.repeated, 0, `no reset repeated (seed ${seed})`);
    assert.equal(result.actions, result.campaigns * 30);
    assert.ok(
      result.killedMidRun >= result.kills / 2,
      `most runners were really killed mid-run (${result.killedMidRun}/${result.kills})`,
    );
  });
});
