// End to end on the lab's Samba AD DC, through the application services the CLI calls: triage,
// discover, plan, approve (a second operator), run, users who change or do not, enforcement at the
// deadline, verification, a helpdesk reset and re-enable. Every claim is read back from the
// directory, and a real client (an LDAP simple bind) agrees: a disabled account fails with data 533.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { approvePlan } from '../../src/app/campaign/approve-plan.ts';
import { discoverDirectories } from '../../src/app/campaign/discover-directories.ts';
import { enforcePlan } from '../../src/app/campaign/enforce-plan.ts';
import { makePlan } from '../../src/app/campaign/make-plan.ts';
import { recordTriage } from '../../src/app/campaign/record-triage.ts';
import { runCampaign } from '../../src/app/campaign/run-campaign.ts';
import { verifyListed } from '../support/verify-listed.ts';
import { parseTriageAnswersFile } from '../../src/app/triage/parse-triage-answers.ts';
import { verifyAuditChain } from '../../src/store/audit/verify-audit-chain.ts';
import { ldapBindSignIn } from '../directories/ad/support/ldap-bind-sign-in.ts';
import { lab } from '../directories/ad/support/ad-test-lab.ts';
import { startCampaignLab, type CampaignLab } from './support/campaign-lab.ts';
import { proven } from '../support/proven-operator.ts';

const UF_ACCOUNTDISABLE = 2;
let env: CampaignLab;

before(async () => {
  env = await startCampaignLab({ users: 10, protectedUsers: 1 });
});
after(async () => {
  await env?.close();
});

describe('a campaign on the lab AD', () => {
  it('requires a change, disables exactly the accounts that did not change, verifies exactly the missed ones', async () => {
    const info = lab();
    const alice = env.app('alice');
    const bob = env.app('bob');
    const [protectedUser, ...users] = env.users;
    // Staged but not exfiltrated: a mass reset at standard assurance (users change their own password).
    writeFileSync(
      join(env.dir, 'answers.yaml'),
      'answeredBy: "Dana (IC)"\nindicators:\n  adDatabaseStaged: { answer: true, evidence: "vssadmin on DC01" }\nknownCompromisedAccounts: []\n',
    );
    const { answeredBy: _by, ...answers } = parseTriageAnswersFile(join(env.dir, 'answers.yaml'));
    const { campaignId, decision } = await recordTriage(alice, { answers });
    assert.equal(decision.assurance.value, 'standard');
    const discovered = await discoverDirectories(alice, { campaignId });
    assert.equal(discovered.directories[0]!.identities, 11, 'the ten users of the OU, and krbtgt from CN=Users');
    const saved = await makePlan(await proven(alice), { campaignId });
    assert.equal(saved.plan.totals.inWaves, 9, 'the protected user is set aside');
    assert.deepEqual(
      saved.plan.protected.map((p) => p.name),
      [protectedUser!.sam],
    );
    assert.deepEqual(
      saved.plan.totals.byTreatment,
      { requireChange: 9, krbtgtDoubleReset: 1 },
      'krbtgt is discovered from CN=Users whatever the scope',
    );

    // The author cannot run an unapproved plan, nor approve it.
    await assert.rejects(runCampaign(alice, { campaignId, allWaves: true }), { code: 'PLAN_NOT_APPROVED' });
    await assert.rejects(approvePlan(await proven(alice), { campaignId }), { code: 'SECOND_APPROVER_REQUIRED' });
    await approvePlan(await proven(bob), { campaignId });

    const run = await runCampaign(alice, { campaignId, allWaves: true });
    assert.equal(run.summary.stoppedBy, 'done');
    assert.equal(run.counts.applied, 9);
    for (const user of users) assert.equal((await env.readUser(user)).pwdLastSet, '0', `${user.sam} must change`);
    assert.notEqual((await env.readUser(protectedUser!)).pwdLastSet, '0', 'the protected user is untouched');

    // Users 0-3 change their password; 4 calls the helpdesk; the rest do nothing; 8 is exempt.
    for (const user of users.slice(0, 4)) await env.userChangesPassword(user);
    await env.helpdeskResets(users[4]!);
    const exempt = users[8]!;
    const enforced = await enforcePlan(alice, {
      campaignId,
      ignoreDeadline: true,
      exempt: [{ name: exempt.sam, reason: 'on leave, ticket IR-7' }],
    });
    const expectDisabled = users
      .slice(5, 8)
      .map((u) => u.sam)
      .sort();
    assert.deepEqual(enforced.disabled, expectDisabled);
    assert.deepEqual(enforced.exempt, [exempt.sam]);
    assert.equal(enforced.compliant, 5);
    for (const user of users) {
      const disabled = ((await env.readUser(user)).uac & UF_ACCOUNTDISABLE) !== 0;
      assert.equal(disabled, expectDisabled.includes(user.sam), `${user.sam} disabled=${disabled}`);
    }
    // A real client agrees: the disabled account's bind fails with data 533; a changed one signs in.
    const refused = await ldapBindSignIn(
      info.dcs[0]!.url,
      info.caFile,
      `${users[5]!.sam}@${info.realm.toLowerCase()}`,
      users[5]!.password,
    );
    assert.equal(refused.code, 'ACCOUNT_DISABLED', refused.message);
    assert.match(refused.message, /data 533/);
    const signedIn = await ldapBindSignIn(
      info.dcs[0]!.url,
      info.caFile,
      `${users[0]!.sam}@${info.realm.toLowerCase()}`,
      users[0]!.password,
    );
    assert.equal(signedIn.code, 'OK');

    const verified = await verifyListed(alice, { campaignId });
    assert.equal(verified.checked, 9);
    assert.deepEqual(verified.missed.map((m) => m.identity).sort(), [...expectDisabled, exempt.sam].sort());

    // The helpdesk verifies user 5 and resets the password: the next enforcement re-enables it.
    await env.helpdeskResets(users[5]!);
    const again = await enforcePlan(alice, { campaignId, ignoreDeadline: true });
    assert.deepEqual(again.reenabled, [users[5]!.sam]);
    assert.equal(((await env.readUser(users[5]!)).uac & UF_ACCOUNTDISABLE) !== 0, false);
    assert.deepEqual(again.disabled, [], 'nothing is disabled twice');
    const signedInAgain = await ldapBindSignIn(
      info.dcs[0]!.url,
      info.caFile,
      `${users[5]!.sam}@${info.realm.toLowerCase()}`,
      users[5]!.password,
    );
    assert.equal(signedInAgain.code, 'OK');

    assert.equal((await verifyAuditChain(await alice.store())).ok, true);
  });
});
