// Verifying a smart-card account on the lab DC (issue 15, item 6): its treatment rolls the password
// hash (toggling smart-card-required), which moves the unicodePwd replication stamp but not
// pwdLastSet; `verify` must judge the roll from the replication metadata, and list a smart-card
// account whose hash was not rolled since T0 as missed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCampaign } from '../../src/app/campaign/run-campaign.ts';
import { verifyListed } from '../support/verify-listed.ts';
import { createUser, type CreatedUser } from '../directories/ad/support/ad-test-lab.ts';
import { startCampaignLab, type CampaignLab } from './support/campaign-lab.ts';
import { plannedCampaign, stolenDatabaseAnswers } from './support/planned-campaign.ts';

const SMARTCARD = 0x40000;
let env: CampaignLab;
let rolled: CreatedUser;

before(async () => {
  env = await startCampaignLab({ users: 0 });
  rolled = await createUser(env.admin, env.ouDn, { uac: 0x200 | SMARTCARD });
});
after(async () => {
  await env?.close();
});

describe('verify after a smart-card hash roll', () => {
  it('counts the rolled account as changed, though pwdLastSet did not move', async () => {
    const planned = await plannedCampaign(env, stolenDatabaseAnswers);
    assert.equal(planned.assignment(rolled.sam)?.treatment, 'rollSmartcardHash');
    const before = await env.readUser(rolled);
    const alice = env.app('alice');
    const run = await runCampaign(alice, {
      campaignId: planned.campaignId,
      waves: planned.plan.waves.map((w) => w.number),
    });
    assert.equal(run.counts.failed, 0, JSON.stringify(run.summary));
    const after = await env.readUser(rolled);
    assert.equal(after.pwdLastSet, before.pwdLastSet, 'a hash roll does not move pwdLastSet');
    assert.ok(after.unicodePwdVersion > before.unicodePwdVersion, 'the unicodePwd stamp moved');

    const verified = await verifyListed(alice, { campaignId: planned.campaignId });
    assert.deepEqual(
      verified.missed.map((m) => m.identity).filter((n) => n === rolled.sam),
      [],
      `missed: ${JSON.stringify(verified.missed)}`,
    );
    const actions = await (await alice.store()).db
      .selectFrom('actions')
      .select(['kind', 'state'])
      .where('campaignId', '=', planned.campaignId)
      .where('identityName', '=', rolled.sam)
      .execute();
    assert.ok(
      actions.length > 0 && actions.every((a) => a.state === 'verified'),
      `its actions are marked verified: ${JSON.stringify(actions)}`,
    );
  });

  it('lists a smart-card account whose hash was last rolled before T0 as missed', async () => {
    // a second campaign whose T0 comes after the first one's roll (stamps have whole seconds)
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const planned = await plannedCampaign(env, stolenDatabaseAnswers);
    const alice = env.app('alice');
    await runCampaign(alice, { campaignId: planned.campaignId, waves: [] }); // T0, nothing run
    const verified = await verifyListed(alice, { campaignId: planned.campaignId });
    const miss = verified.missed.find((m) => m.identity === rolled.sam);
    assert.ok(miss, `not listed: ${JSON.stringify(verified.missed)}`);
    assert.match(miss.reason, /hash/);
  });
});
