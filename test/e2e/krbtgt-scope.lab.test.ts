// krbtgt whatever the configured scope (issue 15, item 3): a campaign that discovers one OU, bound
// as the delegated operator, still finds the domain's krbtgt (in CN=Users) and a read-only DC's
// krbtgt_NNNNN outside that OU, so "krbtgt double reset: yes" always yields the two steps.
// The RODC account is a stand-in created in a sibling OU for the length of one discovery.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOu, lab, treeDelete } from '../directories/ad/support/ad-test-lab.ts';
import { startCampaignLab, type CampaignLab } from './support/campaign-lab.ts';
import { plannedCampaign, stolenDatabaseAnswers } from './support/planned-campaign.ts';

let env: CampaignLab;

before(async () => {
  env = await startCampaignLab({ users: 2 });
});
after(async () => {
  await env?.close();
});

describe('krbtgt outside the configured base DNs', () => {
  it("plans the double reset of the domain's krbtgt and of an RODC's krbtgt_NNNNN that lie outside the scope", async () => {
    const rodcSam = `krbtgt_${10000 + Math.floor(Math.random() * 89999)}`;
    const elsewhere = await createOu(env.admin, `OU=Corp,${lab().baseDn}`, 'rodc-stand-in');
    let planned;
    try {
      // SAFETY (lab): disabled and without a password, as Windows creates an RODC's krbtgt account
      await env.admin.add(`CN=${rodcSam},${elsewhere}`, {
        objectClass: ['top', 'person', 'organizationalPerson', 'user'],
        sAMAccountName: rodcSam,
        userAccountControl: '514',
      });
      planned = await plannedCampaign(env, stolenDatabaseAnswers, { approve: false });
    } finally {
      await treeDelete(env.admin, elsewhere);
    }
    const steps = planned.plan.krbtgt.map((s) => `${s.name} step ${s.step}`).sort();
    assert.deepEqual(steps, ['krbtgt step 1', 'krbtgt step 2', `${rodcSam} step 1`, `${rodcSam} step 2`]);
    assert.equal(planned.assignment('krbtgt')?.segment, 'krbtgt');
    assert.equal(planned.assignment('krbtgt')?.dn, `CN=krbtgt,CN=Users,${lab().baseDn}`);
    assert.equal(planned.plan.totals.inWaves, 2, 'only the two users of the OU are in waves');
  });
});
