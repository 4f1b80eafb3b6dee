// Discovery against the seeded lab domain, compared with <labDir>/seed-manifest.json (read-only):
// every seeded account is found with its decoded attributes, privileged membership is resolved by
// SID through nested groups, and the DC's in-chain matching rule gives the same answer.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Client } from 'ldapts';
import type { Identity } from '../../../src/core/identity.ts';
import type { AdDirectory } from '../../../src/directories/ad/ad-directory.ts';
import { createAdDirectory } from '../../../src/app/directories/create-ad-directory.ts';
import { normalizeDn } from '../../../src/directories/ad/escape-dn.ts';
import { membersInChain } from '../../../src/directories/ad/privileged-membership.ts';
import type { SeedManifest } from '../../../src/lab/seed/seed-manifest.ts';
import { adminClient, lab, labAdConfig } from './support/ad-test-lab.ts';

const sourceOf = (g: { rid?: number; sid?: string }) => (g.rid !== undefined ? `RID ${g.rid}` : `SID ${g.sid}`);

describe('AD discovery against the seeded domain', () => {
  const info = lab();
  let manifest: SeedManifest;
  let directory: AdDirectory;
  let admin: Client;
  const byDn = new Map<string, Identity>();
  const pageSizes: number[] = [];

  before(async () => {
    assert.ok(info.manifestFile, 'the lab was not seeded: run `node bin/reclaim.mjs lab seed`');
    manifest = JSON.parse(readFileSync(info.manifestFile, 'utf8')) as SeedManifest;
    directory = createAdDirectory(labAdConfig(info, { pageSize: 500 }, 'admin'));
    admin = await adminClient(info);
    for await (const page of directory.discover()) {
      pageSizes.push(page.length);
      for (const identity of page) byDn.set(normalizeDn(identity.dn!), identity);
    }
  });
  after(async () => {
    await directory?.close();
    await admin?.unbind();
  });

  it('streams the domain in pages of at most pageSize', () => {
    assert.ok(pageSizes.length >= Math.ceil(manifest.accounts.length / 500), `pages: ${pageSizes.join(',')}`);
    assert.ok(pageSizes.every((n) => n <= 500));
  });

  it('finds every seeded account with its attributes decoded', () => {
    for (const a of manifest.accounts) {
      const id = byDn.get(normalizeDn(a.dn));
      assert.ok(id, `${a.dn} not discovered`);
      const where = `${a.sAMAccountName} (${a.dn})`;
      assert.equal(id.name, a.sAMAccountName, where);
      assert.equal(id.upn, a.userPrincipalName, where);
      assert.equal(id.enabled, a.enabled, where);
      assert.equal(id.passwordNeverExpires, a.passwordNeverExpires, where);
      assert.equal(id.smartcardRequired, a.smartcardRequired, where);
      assert.equal(id.userAccountControl, a.userAccountControl, where);
      assert.deepEqual([...id.servicePrincipalNames].sort(), [...a.servicePrincipalNames].sort(), where);
      assert.equal(id.department ?? null, a.department, where);
      assert.equal(id.office ?? null, a.office, where);
      assert.equal(id.mail ?? null, a.mail, where);
      assert.equal(id.employeeType ?? null, a.employeeType, where);
      assert.equal(id.adminCount === 1, a.adminCount, where);
      assert.equal(id.resultantPso ? normalizeDn(id.resultantPso) : null, a.pso ? normalizeDn(a.pso) : null, where);
      assert.equal(id.accountType, a.kind === 'msa' ? 'managedServiceAccount' : 'user', where);
      assert.match(id.key, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.ok(id.sid?.startsWith(`${manifest.domainSid}-`), where);
      assert.equal(id.lastLogonAt === null, a.lastLogonDaysAgo === null, where);
      if (a.lastLogonDaysAgo !== null && manifest.seededAt) {
        const days = (Date.parse(manifest.seededAt) - Date.parse(id.lastLogonAt!)) / 86_400_000;
        assert.ok(Math.abs(days - a.lastLogonDaysAgo) < 1, `${where}: lastLogon ${days} days vs ${a.lastLogonDaysAgo}`);
      }
      assert.deepEqual(id.memberOf.map(normalizeDn).sort(), a.groups.map(normalizeDn).sort(), where);
    }
  });

  it('resolves privileged membership by SID, transitively, with the chain of groups', () => {
    const checked = new Set(manifest.privilegedGroups.map(sourceOf));
    let nested = 0;
    for (const a of manifest.accounts) {
      const id = byDn.get(normalizeDn(a.dn))!;
      const expected = new Map(a.privileged.map((p) => [sourceOf(p.group), p]));
      const actual = new Map(id.privileged.filter((r) => checked.has(r.source)).map((r) => [r.source, r]));
      assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), `${a.sAMAccountName}`);
      for (const [source, p] of expected) {
        const via = actual.get(source)!.via!;
        assert.ok(via.length <= p.chain.length, `${a.sAMAccountName} ${source}: chain ${via.join(' > ')}`);
        assert.equal(normalizeDn(via[via.length - 1]!), normalizeDn(p.group.dn));
        if (via.length > 2) nested += 1;
      }
      assert.equal(
        id.privileged.some((r) => r.source === 'adminCount'),
        false,
        'adminCount is never a privilege reason',
      );
    }
    assert.ok(nested > 0, 'the seed has nested privileged groups, and some were resolved through them');
  });

  it("agrees with the DC's own in-chain matching rule (1.2.840.113556.1.4.1941) for every privileged group", async () => {
    const domain = await directory.discoverDomain();
    // Samba 4.17 at the 2008 R2 level has no Key Admins (526) / Enterprise Key Admins (527), and the
    // lab has no DNS role, so no DnsAdmins: the other nine well-known groups must all be there.
    assert.ok(domain.privilegedGroups.length >= 9, `found ${domain.privilegedGroups.map((g) => g.name).join(', ')}`);
    for (const group of domain.privilegedGroups) {
      const server = new Set(
        (await membersInChain(admin, info.baseDn, group.dn)).map(normalizeDn).filter((dn) => byDn.has(dn)),
      );
      const code = new Set(
        [...byDn.values()]
          .filter((i) => i.privileged.some((r) => r.source === group.source && r.via))
          .map((i) => normalizeDn(i.dn!)),
      );
      // primaryGroupID membership is invisible to memberOf (and so to the in-chain rule): leave it out
      for (const dn of code)
        if (byDn.get(dn)!.privileged.find((r) => r.source === group.source)!.via!.length === 0) code.delete(dn);
      assert.deepEqual([...code].sort(), [...server].sort(), `${group.name} (${group.source})`);
    }
  });

  it('reads the domain: policy, the seeded PSO, krbtgt as an identity of accountType krbtgt', async () => {
    const domain = await directory.discoverDomain();
    assert.equal(domain.domainSid, manifest.domainSid);
    assert.equal(domain.passwordPolicy.historyLength, 24);
    assert.equal(domain.passwordPolicy.complexity, true);
    const pso = domain.psos.find((p) => normalizeDn(p.dn) === normalizeDn(manifest.pso.dn));
    assert.ok(pso, 'seeded PSO found');
    assert.equal(pso.minLength, manifest.pso.minPasswordLength);
    assert.equal(pso.maxAgeSeconds, manifest.pso.maxPasswordAgeDays * 86400);
    assert.equal(pso.historyLength, manifest.pso.historyLength);
    const krbtgt = domain.krbtgtAccounts.find((k) => k.name === 'krbtgt');
    assert.ok(krbtgt);
    assert.equal(krbtgt.accountType, 'krbtgt');
    assert.equal(krbtgt.enabled, false);
    assert.ok((krbtgt.keyVersionNumber ?? 0) >= 1);
    // the Administrator is a Domain Admin through its primary group or memberOf, found by RID
    const administrator = [...byDn.values()].find((i) => i.sid?.endsWith('-500'));
    assert.ok(administrator?.privileged.some((r) => r.source === 'RID 512'));
  });
});
