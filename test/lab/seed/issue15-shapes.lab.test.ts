// The account shapes generator 3 adds for issue 15, written to the real DC exactly as the seeder
// writes them (accountEntry), but into a private OU with fresh names, so the shared lab is never
// re-seeded: the orphan adminCount comes back as adminCount=1 in no group, the never-expiring people
// with DONT_EXPIRE_PASSWORD, the smart-card account with SMARTCARD_REQUIRED; and discovery then reads
// the orphan as unprivileged and the never-expiring person as no service account.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from 'ldapts';
import { compileSegmentRules, defaultSegmentSettings } from '../../../src/core/segmentation/segment-rules.ts';
import { isPrivilegedOnPremises, serviceAccountRule } from '../../../src/core/segmentation/segment-identity.ts';
import type { Identity } from '../../../src/core/identity.ts';
import { createAdDirectory } from '../../../src/app/directories/create-ad-directory.ts';
import { generateOrganisation, ISSUE15_SHAPES } from '../../../src/lab/seed/generate-organisation.ts';
import { accountEntry } from '../../../src/lab/seed/organisation-entries.ts';
import type { SeedAccount } from '../../../src/lab/seed/seed-manifest.ts';
import {
  adminClient,
  createOu,
  lab,
  labAdConfig,
  treeDelete,
  uniqueSam,
} from '../../directories/ad/support/ad-test-lab.ts';

let admin: Client;
let ou: string;
const org = generateOrganisation(2000, 1);
const orphans = org.accounts.filter((a) => a.adminCount && a.privileged.length === 0);
const neverExpiring = org.accounts
  .filter((a) => a.kind === 'user' && a.passwordNeverExpires && a.password !== null)
  .slice(0, ISSUE15_SHAPES.neverExpiringPeople);
const smartcard = org.accounts.find((a) => a.kind === 'user' && a.smartcardRequired && a.enabled && a.inOperatorScope)!;
const written = new Map<SeedAccount, string>(); // seed account -> sAMAccountName used here

before(async () => {
  admin = await adminClient();
  ou = await createOu(admin, `OU=Corp,${lab().baseDn}`, 'seed-shapes');
  for (const a of [...orphans, ...neverExpiring, smartcard]) {
    const sam = uniqueSam('s15');
    const entry = accountEntry(
      {
        ...a,
        dn: `CN=${sam},${ou}`,
        sAMAccountName: sam,
        userPrincipalName: `${sam}@${lab().realm.toLowerCase()}`,
        manager: null,
      },
      Date.now(),
    );
    await admin.add(entry.dn, entry.attributes as Record<string, string | string[]>);
    written.set(a, sam);
  }
});
after(async () => {
  await treeDelete(admin, ou);
  await admin?.unbind();
});

describe('issue-15 shapes of the seed, on the real DC', () => {
  it('are written as the manifest says, and discovery classifies them as the issue demands', async () => {
    assert.equal(orphans.length, ISSUE15_SHAPES.orphanAdminCount);
    const dir = createAdDirectory(labAdConfig(lab(), { baseDns: [ou] }));
    const found: Identity[] = [];
    for await (const page of dir.discover()) found.push(...page);
    await dir.close();
    const byName = (a: SeedAccount) => found.find((i) => i.name === written.get(a))!;
    const rules = compileSegmentRules(defaultSegmentSettings, { identities: [], groups: [] });
    for (const a of orphans) {
      const id = byName(a);
      assert.equal(id.adminCount, 1, `${a.cn}: adminCount written`);
      assert.equal(isPrivilegedOnPremises(id), false, `${a.cn}: an orphan is not privileged`);
    }
    for (const a of neverExpiring) {
      const id = byName(a);
      assert.equal(id.passwordNeverExpires, true, `${a.cn}: never expires`);
      assert.equal(serviceAccountRule(id, rules), null, `${a.cn}: a person, not a service account`);
    }
    assert.equal(byName(smartcard).smartcardRequired, true);
  });
});
