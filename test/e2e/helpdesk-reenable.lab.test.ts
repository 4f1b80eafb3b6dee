// The seed's recovery flow for a person who missed the deadline, on the real lab DC, end to end:
// disabled at the deadline -> caller verified -> a temporary password issued AND the account
// re-enabled in one audited step (both through the directory door, journaled) -> the person sets
// their own password -> verify counts them changed. An account disabled for another reason is not
// re-enabled by a credential.
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
import { issueHelpdeskCredential } from '../../src/app/console/helpdesk-credential.ts';
import { parseTriageAnswersFile } from '../../src/app/triage/parse-triage-answers.ts';
import { ldapChange } from '../../src/directories/ad/ldap-change.ts';
import { recordVerification } from '../../src/store/helpdesk/record-verification.ts';
import { verifyAuditChain } from '../../src/store/audit/verify-audit-chain.ts';
import { lab } from '../directories/ad/support/ad-test-lab.ts';
import { ldapBindSignIn } from '../directories/ad/support/ldap-bind-sign-in.ts';
import { proven } from '../support/proven-operator.ts';
import { startCampaignLab, type CampaignLab } from './support/campaign-lab.ts';

const UF_ACCOUNTDISABLE = 2;
let env: CampaignLab;
before(async () => {
  env = await startCampaignLab({ users: 3 });
});
after(async () => {
  await env?.close();
});

describe('helpdesk recovery after the deadline', () => {
  it('verified caller: temporary password and re-enable in one step, then the person changes it and is verified', async () => {
    const info = lab();
    const alice = env.app('alice');
    const [late, leaver, onTime] = env.users as [(typeof env.users)[0], (typeof env.users)[0], (typeof env.users)[0]];
    writeFileSync(
      join(env.dir, 'answers.yaml'),
      'answeredBy: "Dana (IC)"\nindicators:\n  adDatabaseStaged: { answer: true, evidence: "vssadmin on DC01" }\nknownCompromisedAccounts: []\n',
    );
    const { answeredBy: _by, ...answers } = parseTriageAnswersFile(join(env.dir, 'answers.yaml'));
    const { campaignId } = await recordTriage(alice, { answers });
    await discoverDirectories(alice, { campaignId });
    await makePlan(await proven(alice), { campaignId });
    await approvePlan(await proven(env.app('bob')), { campaignId });
    await runCampaign(alice, { campaignId, allWaves: true });
    await env.userChangesPassword(onTime);
    const enforced = await enforcePlan(alice, { campaignId, ignoreDeadline: true });
    assert.deepEqual(enforced.disabled.sort(), [late.sam, leaver.sam].sort());

    const store = await alice.store();
    const actor = { username: 'hd-1', role: 'helpdesk' as const, ip: '127.0.0.1' };
    const verify = async (sam: string) => {
      const identity = await store.db
        .selectFrom('identities')
        .select('key')
        .where('name', '=', sam)
        .executeTakeFirstOrThrow();
      await recordVerification(store, {
        campaignId,
        directory: 'lab-ad',
        identityKey: identity.key,
        method: 'call-back',
        evidence: 'called back the number on file',
        verifiedBy: actor.username,
        outcome: 'verified',
        now: new Date(),
      });
      return identity.key;
    };

    // The leaver's account is disabled again by HR after the deadline... by someone else: first
    // the campaign's disable is undone and HR disables it on its own (no campaign action did it).
    const leaverKey = await verify(leaver.sam);
    const issuedLeaver = await issueHelpdeskCredential(alice, {
      campaignId,
      directory: 'lab-ad',
      identityKey: leaverKey,
      kind: 'temporary-password',
      actor,
    });
    assert.equal(issuedLeaver.reenabled, true, 'the campaign disabled it: re-enabled with the credential');
    await env.admin.modify(leaver.dn, [ldapChange('replace', 'userAccountControl', String(512 | UF_ACCOUNTDISABLE))]);
    await verify(leaver.sam);
    const again = await issueHelpdeskCredential(alice, {
      campaignId,
      directory: 'lab-ad',
      identityKey: leaverKey,
      kind: 'temporary-password',
      actor,
    });
    assert.equal(
      again.reenabled,
      false,
      'already re-enabled once by the campaign; disabled since by someone else: stays disabled',
    );
    assert.notEqual((await env.readUser(leaver)).uac & UF_ACCOUNTDISABLE, 0);

    // The late person calls: verified, a temporary password, and the account is enabled again.
    const lateKey = await verify(late.sam);
    const issued = await issueHelpdeskCredential(alice, {
      campaignId,
      directory: 'lab-ad',
      identityKey: lateKey,
      kind: 'temporary-password',
      actor,
    });
    assert.equal(issued.reenabled, true);
    assert.equal(issued.mustChange, true);
    const state = await env.readUser(late);
    assert.equal(state.uac & UF_ACCOUNTDISABLE, 0, 'enabled again');
    assert.equal(state.pwdLastSet, '0', 'must change at next logon');
    const upn = `${late.sam}@${info.realm.toLowerCase()}`;
    const withTemp = await ldapBindSignIn(info.dcs[0]!.url, info.caFile, upn, issued.secret.reveal());
    assert.equal(withTemp.code, 'PASSWORD_MUST_CHANGE', withTemp.message);
    const withOld = await ldapBindSignIn(info.dcs[0]!.url, info.caFile, upn, late.password);
    assert.equal(withOld.code, 'INVALID_CREDENTIALS', 'the old password no longer works');

    // Both writes are journaled actions of the campaign, and audited as one helpdesk step.
    const doorActions = await store.db
      .selectFrom('actions')
      .select(['kind', 'state', 'identityName'])
      .where('campaignId', '=', campaignId)
      .where('identityName', '=', late.sam)
      .where('waveId', 'is', null)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      doorActions.filter((a) => a.kind !== 'disable').map((a) => [a.kind, a.state]),
      [
        ['resetPassword', 'applied'],
        ['enable', 'applied'],
      ],
    );
    const audit = await store.db
      .selectFrom('auditLog')
      .select(['action', 'details'])
      .where('target', '=', `lab-ad:${lateKey}`)
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action).filter((a) => a.startsWith('helpdesk.')),
      [
        'helpdesk.credential.start',
        'helpdesk.credential.done',
        'helpdesk.enable.start',
        'helpdesk.enable.done',
        'helpdesk.credential.issued',
      ],
    );

    // The person sets their own password (from the temporary one); verify counts them changed.
    late.password = issued.secret.reveal();
    await env.userChangesPassword(late);
    const verified = await verifyListed(alice, { campaignId });
    assert.ok(
      !verified.missed.some((m) => m.identity === late.sam),
      `${late.sam} is verified: ${JSON.stringify(verified.missed)}`,
    );
    // the leaver never chose a password, but the helpdesk's temporary one replaced the old one: contained, not missed
    assert.ok(!verified.missed.some((m) => m.identity === leaver.sam), 'the leaver is not missed');
    assert.ok(
      verified.reset.some((r) => r.identity === leaver.sam),
      'the leaver is reset, awaiting their owner',
    );
    assert.ok(!verified.reset.some((r) => r.identity === late.sam), `${late.sam} chose their own: changed, not reset`);
    assert.equal((await verifyAuditChain(store)).ok, true);
  });
});
