// Privilege on the lab DC is real membership, not adminCount (issue 15, item 2): an account with
// adminCount=1 in no privileged group (left over from a former admin) gets a reset like any person
// and is a readiness finding; members through a nesting loop and through primaryGroupID alone are
// privileged. The privileged group is one named in config, in the test's own OU, so the shared
// lab's real admin groups are never changed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Attribute, Change } from 'ldapts';
import { loadCampaignIdentities } from '../../src/app/campaign/campaign-identities.ts';
import { campaignReadiness } from '../../src/app/campaign/campaign-readiness.ts';
import { createUser, uniqueSam, type CreatedUser } from '../directories/ad/support/ad-test-lab.ts';
import { startCampaignLab, type CampaignLab } from './support/campaign-lab.ts';
import { plannedCampaign, stolenDatabaseAnswers } from './support/planned-campaign.ts';

let env: CampaignLab;
let orphan: CreatedUser;
let adminWithCount: CreatedUser;
let loopMember: CreatedUser;
let primaryOnly: CreatedUser;

const replace = (type: string, value: string) =>
  new Change({ operation: 'replace', modification: new Attribute({ type, values: [value] }) });

before(async () => {
  env = await startCampaignLab({
    users: 1,
    extraDirectoryConfig: (ou) => [`privilegedGroups: ["CN=Payments Admins,${ou}"]`],
  });
  const group = async (cn: string, members: string[] = []) => {
    const dn = `CN=${cn},${env.ouDn}`;
    await env.admin.add(dn, {
      objectClass: ['top', 'group'],
      sAMAccountName: uniqueSam('g'),
      ...(members.length ? { member: members } : {}),
    });
    return dn;
  };
  orphan = await createUser(env.admin, env.ouDn, { extra: { adminCount: '1', description: 'former admin' } });
  adminWithCount = await createUser(env.admin, env.ouDn, { extra: { adminCount: '1' } });
  loopMember = await createUser(env.admin, env.ouDn);
  primaryOnly = await createUser(env.admin, env.ouDn);
  // Payments Admins <- Ring A <- Ring B <- Ring A (a loop), Ring B holds loopMember
  const ringA = await group('Ring A');
  const ringB = await group('Ring B', [ringA, loopMember.dn]);
  await env.admin.modify(ringA, [
    new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [ringB] }) }),
  ]);
  const payments = await group('Payments Admins', [ringA, adminWithCount.dn, primaryOnly.dn]);
  // primaryOnly: Payments Admins as its primary group, so no memberOf lists it
  const { searchEntries } = await env.admin.search(payments, {
    scope: 'base',
    attributes: ['objectSid'],
    explicitBufferAttributes: ['objectSid'],
  });
  const sid = searchEntries[0]!.objectSid as Buffer;
  await env.admin.modify(primaryOnly.dn, [replace('primaryGroupID', String(sid.readUInt32LE(sid.length - 4)))]);
  const check = await env.admin.search(primaryOnly.dn, { scope: 'base', attributes: ['memberOf', 'primaryGroupID'] });
  assert.ok(
    ![check.searchEntries[0]!.memberOf ?? []].flat().some((dn) => String(dn).startsWith('CN=Payments Admins,')),
    'the primary group is not listed in memberOf',
  );
});
after(async () => {
  await env?.close();
});

describe('privileged by membership, not by adminCount', () => {
  it('plans the orphan adminCount for a reset and flags it; members through a loop and the primary group are privileged', async () => {
    const planned = await plannedCampaign(env, stolenDatabaseAnswers, { approve: false });
    const orphanPlan = planned.assignment(orphan.sam);
    assert.equal(orphanPlan?.segment, 'onsite', `the orphan adminCount was planned as ${JSON.stringify(orphanPlan)}`);
    assert.equal(orphanPlan?.treatment, 'helpdeskReset');
    for (const u of [adminWithCount, loopMember, primaryOnly]) {
      assert.equal(
        planned.assignment(u.sam)?.segment,
        'privileged',
        `${u.sam}: ${JSON.stringify(planned.assignment(u.sam))}`,
      );
    }

    const alice = env.app('alice');
    const identities = await loadCampaignIdentities(await alice.store(), planned.campaignId);
    const loop = identities.find((i) => i.name === loopMember.sam)!;
    assert.deepEqual(
      loop.privileged.map((p) => [p.source, p.via?.length]),
      [['config-group', 3]],
      'the shortest chain through the loop: Ring B, Ring A, Payments Admins',
    );
    assert.deepEqual(identities.find((i) => i.name === orphan.sam)!.privileged, [], 'adminCount alone is no privilege');

    const finding = campaignReadiness(alice, identities, 'high').find((f) => f.id === 'orphan-admin-count');
    assert.ok(finding, 'the orphan adminCount is a readiness finding');
    assert.equal(finding.count, 1);
    assert.equal(finding.total, 2, 'of the accounts with adminCount=1');
    assert.deepEqual(finding.sample, [`lab-ad:${orphan.sam}`]);
    assert.match(finding.remedy, /adminCount/);
  });
});
