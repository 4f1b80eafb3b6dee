// A person's password flags on the lab DC, through a high-assurance campaign (AD database stolen):
// - "password never expires" on a person is a blocker Reclaim clears, not proof of a service
//   account: the person is planned for a reset like everyone else, and afterwards Kerberos refuses
//   the old password and the flag is gone (issue 15, item 1: such a person was planned as a service
//   account, never reset, and kept signing in with the old password);
// - PASSWD_NOTREQD is cleared in the same modify as the reset (issue 15, item 11).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifyListed } from '../support/verify-listed.ts';
import { runCampaign } from '../../src/app/campaign/run-campaign.ts';
import { createUser, lab, type CreatedUser } from '../directories/ad/support/ad-test-lab.ts';
import { kinitSignIn } from '../directories/ad/support/kinit-sign-in.ts';
import { startCampaignLab, type CampaignLab } from './support/campaign-lab.ts';
import { plannedCampaign } from './support/planned-campaign.ts';

const NORMAL = 0x200;
const PASSWD_NOTREQD = 0x20;
const DONT_EXPIRE = 0x10000;

let env: CampaignLab;
let neverExpires: CreatedUser;
let notRequired: CreatedUser;
let spnService: CreatedUser;

before(async () => {
  env = await startCampaignLab({ users: 1 });
  neverExpires = await createUser(env.admin, env.ouDn, {
    uac: NORMAL | DONT_EXPIRE,
    extra: { department: 'Finance', displayName: 'Nina Never-Expires' },
  });
  notRequired = await createUser(env.admin, env.ouDn, {
    uac: NORMAL | PASSWD_NOTREQD,
    extra: { department: 'Finance' },
  });
  // a real service account (an SPN, and a password that never expires): rotated with its owner, never reset
  spnService = await createUser(env.admin, env.ouDn, {
    uac: NORMAL | DONT_EXPIRE,
    extra: { servicePrincipalName: `HTTP/app-${Date.now()}.lab.example` },
  });
});
after(async () => {
  await env?.close();
});

const kinit = (u: CreatedUser, password: string) =>
  kinitSignIn({ krb5Conf: lab().krb5Conf, realm: lab().realm }, u.sam, password);

let campaignId = '';

describe('password flags of people in a high-assurance campaign', () => {
  it('resets a person whose password never expires (flag cleared, old password refused); an SPN account stays a service account', async () => {
    const planned = await plannedCampaign(
      env,
      'indicators:\n  adDatabaseExfiltrated: true\nknownCompromisedAccounts: []\n',
    );
    campaignId = planned.campaignId;
    const person = planned.assignment(neverExpires.sam);
    assert.equal(person?.segment, 'onsite', `planned as ${JSON.stringify(person)}`);
    assert.equal(person?.treatment, 'helpdeskReset');
    assert.equal(planned.assignment(spnService.sam)?.segment, 'serviceAccount');
    assert.equal(planned.assignment(spnService.sam)?.ruleId, 'service-spn');
    assert.equal(await kinit(neverExpires, neverExpires.password), 'OK', 'the old password works before the campaign');

    const run = await runCampaign(env.app('alice'), { campaignId: planned.campaignId, allWaves: true });
    assert.equal(run.counts.failed, 0, JSON.stringify(run.summary));
    const after = await env.readUser(neverExpires);
    assert.equal(after.uac & DONT_EXPIRE, 0, 'never-expires cleared by the reset');
    assert.equal(after.pwdLastSet, '0', 'must change at next logon');
    assert.equal(
      await kinit(neverExpires, neverExpires.password),
      'INVALID_CREDENTIALS',
      'Kerberos refuses the old password',
    );
    assert.notEqual((await env.readUser(spnService)).pwdLastSet, '0', 'the service account is left to its owner');
  });

  it('clears PASSWD_NOTREQD in the same modify as the reset', async () => {
    assert.equal(
      (await env.readUser(notRequired)).uac & PASSWD_NOTREQD,
      0,
      `${notRequired.sam} after the campaign: PASSWD_NOTREQD still set`,
    );
    assert.equal(await kinit(notRequired, notRequired.password), 'INVALID_CREDENTIALS');
  });

  it("verify calls the people Reclaim reset contained (reset, awaiting their owner), not missed, from the hash's replication stamp", async () => {
    const verified = await verifyListed(env.app('alice'), { campaignId });
    const reset = verified.reset.map((r) => r.identity);
    for (const u of [neverExpires, notRequired, ...env.users]) {
      assert.ok(
        reset.includes(u.sam),
        `${u.sam} reset: ${JSON.stringify(verified.missed.filter((m) => m.identity === u.sam))}`,
      );
      assert.ok(!verified.missed.some((m) => m.identity === u.sam), `${u.sam} is not missed`);
      const row = verified.reset.find((r) => r.identity === u.sam)!;
      assert.ok(
        row.replacedAt && Date.parse(row.replacedAt) >= Math.floor(Date.parse(verified.t0) / 1000) * 1000,
        `replaced after T0: ${row.replacedAt}`,
      );
      assert.equal(await kinit(u, u.password), 'INVALID_CREDENTIALS', `${u.sam}: the old password is dead`);
    }
    assert.equal((await env.readUser(neverExpires)).pwdLastSet, '0', 'pwdLastSet alone could not tell: it is 0');
    assert.ok(
      verified.missed.some((m) => m.identity === spnService.sam),
      'the service account, left to its owner, is missed until its task is verified',
    );
    const store = await env.app('alice').store();
    const audit = await store.db
      .selectFrom('auditLog')
      .select('details')
      .where('action', '=', 'verify')
      .where('target', '=', `campaign:${campaignId}`)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(JSON.parse(audit.details).reset, verified.reset.length);
  });
});
