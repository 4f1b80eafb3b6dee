// The seeded lab domain, read back over LDAPS (verified against the lab CA), matches the seed
// manifest: every account and its flags, DN escaping, group nesting, the PSO and the passwords.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Client } from 'ldapts';
import { readLabInfo, readLabPassword } from '../../../src/lab/samba/lab-info.ts';
import { openLabClient, values, type LabBind } from '../../../src/lab/samba/lab-ldap-client.ts';
import { canonicalDn } from '../../../src/lab/seed/rfc4514-dn.ts';
import type { SeedAccount, SeedManifest } from '../../../src/lab/seed/seed-manifest.ts';

const info = readLabInfo();
const dc = info.dcs[0]!;
const adminBind: LabBind = {
  url: dc.url,
  caFile: info.caFile,
  bindName: info.admin.upn,
  password: readLabPassword(info.admin),
};
const manifest = JSON.parse(readFileSync(info.manifestFile!, 'utf8')) as SeedManifest;
let admin: Client;
const byDn = new Map<string, Record<string, unknown>>();

before(async () => {
  admin = await openLabClient(adminBind);
  const { searchEntries } = await admin.search(manifest.baseDn, {
    scope: 'sub',
    filter: '(objectClass=user)',
    paged: { pageSize: 1000 },
    attributes: [
      'sAMAccountName',
      'userPrincipalName',
      'userAccountControl',
      'cn',
      'displayName',
      'mail',
      'manager',
      'department',
      'physicalDeliveryOfficeName',
      'employeeType',
      'servicePrincipalName',
      'adminCount',
      'lastLogonTimestamp',
      'memberOf',
      'pwdLastSet',
    ],
  });
  for (const e of searchEntries) byDn.set(canonicalDn(e.dn), e as Record<string, unknown>);
});
after(async () => admin.unbind());

const one = (e: Record<string, unknown>, k: string) => values(e[k])[0] ?? null;

test('the manifest is private (mode 0600) and describes this domain', () => {
  assert.equal(statSync(info.manifestFile!).mode & 0o077, 0);
  assert.equal(manifest.baseDn, info.baseDn);
  assert.equal(manifest.accounts.length, manifest.users);
  assert.match(manifest.domainSid ?? '', /^S-1-5-21-\d+-\d+-\d+$/);
});

test('every account of the manifest exists with its attributes and flags', () => {
  const seededAt = Date.parse(manifest.seededAt!);
  const problems: string[] = [];
  for (const a of manifest.accounts) {
    const e = byDn.get(canonicalDn(a.dn));
    if (!e) {
      problems.push(`missing ${a.dn}`);
      continue;
    }
    const expect: Record<string, string | null> = {
      sAMAccountName: a.sAMAccountName,
      userPrincipalName: a.userPrincipalName,
      cn: a.cn,
      displayName: a.displayName,
      mail: a.mail,
      department: a.department,
      physicalDeliveryOfficeName: a.office,
      employeeType: a.employeeType,
      adminCount: a.adminCount ? '1' : null,
    };
    for (const [k, v] of Object.entries(expect))
      if (one(e, k) !== v) problems.push(`${a.dn} ${k}: ${one(e, k)} != ${v}`);
    // Samba adds flags of its own to some accounts; the ones the manifest states must all be there.
    const uac = Number(one(e, 'userAccountControl'));
    if ((uac & a.userAccountControl) !== a.userAccountControl || ((uac & 2) === 0) !== a.enabled)
      problems.push(`${a.dn} uac ${uac} != ${a.userAccountControl}`);
    if ((one(e, 'manager') && canonicalDn(one(e, 'manager')!)) !== (a.manager && canonicalDn(a.manager)))
      problems.push(`${a.dn} manager`);
    if (values(e.servicePrincipalName).sort().join() !== [...a.servicePrincipalNames].sort().join())
      problems.push(`${a.dn} SPNs`);
    const llt = one(e, 'lastLogonTimestamp');
    if (a.lastLogonDaysAgo === null) {
      if (llt !== null && a.password === null) problems.push(`${a.dn} lastLogonTimestamp should be absent`);
    } else {
      // A later bind may move it forward (never back): it can only be more recent than seeded.
      const days = (seededAt - (Number(BigInt(llt ?? '0') / 10000n) - 11644473600000)) / 86_400_000;
      if (llt === null || days > a.lastLogonDaysAgo + 0.01)
        problems.push(`${a.dn} lastLogonTimestamp ${days} days ago != ${a.lastLogonDaysAgo}`);
    }
    if (a.kind !== 'msa' && one(e, 'pwdLastSet') === '0') problems.push(`${a.dn} must-change at next logon`);
  }
  assert.deepEqual(problems.slice(0, 20), []);
});

test('DN escaping round-trips for every special-character name (base search by the escaped DN)', async () => {
  const special = manifest.accounts.filter((a) => a.specialName);
  assert.ok(special.length >= 10);
  for (const a of special) {
    const { searchEntries } = await admin.search(a.dn, { scope: 'base', attributes: ['cn', 'sAMAccountName'] });
    assert.equal(searchEntries[0]?.cn, a.cn, a.dn);
    assert.equal(canonicalDn(searchEntries[0]!.dn), canonicalDn(a.dn));
  }
});

test('group nesting: direct memberships, each chain link, and the transitive members of each privileged group', async () => {
  for (const a of manifest.accounts) {
    const memberOf = values(byDn.get(canonicalDn(a.dn))?.memberOf)
      .map(canonicalDn)
      .sort();
    assert.deepEqual(memberOf, a.groups.map(canonicalDn).sort(), a.dn);
  }
  // Walk `member` down from each privileged group. (The in-chain matching rule over a whole
  // 20,000-user subtree fails on Samba 4.17 with "Operations error", so it is not used here.)
  const membersOf = new Map<string, string[]>();
  const members = async (dn: string) => {
    const key = canonicalDn(dn);
    if (!membersOf.has(key)) {
      const { searchEntries } = await admin.search(dn, { scope: 'base', attributes: ['member'] });
      membersOf.set(key, values(searchEntries[0]?.member));
    }
    return membersOf.get(key)!;
  };
  const isGroup = new Set(
    [...manifest.groups.map((g) => g.dn), ...manifest.privilegedGroups.map((g) => g.dn)].map(canonicalDn),
  );
  const seeded = new Set(manifest.accounts.map((a) => canonicalDn(a.dn)));
  for (const ref of manifest.privilegedGroups) {
    const found = new Set<string>();
    const queue = [ref.dn];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const dn = queue.shift()!;
      if (seen.has(canonicalDn(dn))) continue;
      seen.add(canonicalDn(dn));
      for (const m of await members(dn))
        isGroup.has(canonicalDn(m)) ? queue.push(m) : seeded.has(canonicalDn(m)) && found.add(canonicalDn(m));
    }
    const expected = manifest.accounts
      .filter((a) => a.privileged.some((p) => p.group.name === ref.name))
      .map((a) => canonicalDn(a.dn));
    assert.deepEqual([...found].sort(), expected.sort(), ref.name);
  }
  for (const a of manifest.accounts) {
    for (const p of a.privileged) {
      assert.ok((await members(p.chain[0]!)).map(canonicalDn).includes(canonicalDn(a.dn)), `${a.dn} in ${p.chain[0]}`);
      for (let i = 1; i < p.chain.length; i++) {
        assert.ok(
          (await members(p.chain[i]!)).map(canonicalDn).includes(canonicalDn(p.chain[i - 1]!)),
          `${p.chain[i - 1]} in ${p.chain[i]}`,
        );
      }
    }
  }
});

test('the PSO is the resultant policy of its group members and of no one else', async () => {
  const sample = [
    ...manifest.accounts.filter((a) => a.pso).slice(0, 5),
    ...manifest.accounts.filter((a) => !a.pso && a.kind === 'user').slice(0, 5),
  ];
  for (const a of sample) {
    const { searchEntries } = await admin.search(a.dn, { scope: 'base', attributes: ['msDS-ResultantPSO'] });
    const got = one(searchEntries[0] as Record<string, unknown>, 'msDS-ResultantPSO');
    assert.equal(got && canonicalDn(got), a.pso && canonicalDn(a.pso), a.dn);
  }
});

test('accounts given a password in the manifest can bind with it (recently active ones only)', async () => {
  // A bind refreshes lastLogonTimestamp when it is older than ~2 weeks: bind only recent accounts.
  const pick = (f: (a: SeedAccount) => boolean) =>
    manifest.accounts.filter(
      (a) =>
        a.password &&
        a.enabled &&
        !a.smartcardRequired &&
        a.lastLogonDaysAgo !== null &&
        a.lastLogonDaysAgo < 5 &&
        f(a),
    );
  const sample = [
    ...pick((a) => a.specialName).slice(0, 4),
    ...pick((a) => a.kind === 'service').slice(0, 2),
    ...pick((a) => a.kind === 'user' && !a.specialName).slice(0, 3),
  ];
  assert.ok(sample.length >= 5);
  for (const a of sample) {
    const client = await openLabClient({ ...adminBind, bindName: a.userPrincipalName, password: a.password! });
    await client.unbind();
  }
});
