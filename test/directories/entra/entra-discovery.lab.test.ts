// Discovery against the Graph emulator: users streamed page by page with $select/$top, roles
// active and PIM-eligible, registration from the report, the hybrid join keys, and the
// Conditional Access check of admins for phishing-resistant MFA.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Identity } from '../../../src/core/identity.ts';
import { ROLE } from '../../../src/lab/graph/role-templates.ts';
import { startEntraLab, type EntraLab } from './entra-lab-fixture.ts';

let lab: EntraLab;
before(async () => {
  lab = await startEntraLab({ timeScale: 0.01 });
});
after(async () => {
  await lab?.stop();
});

describe('Entra connector: discovery', () => {
  it('streams every user once, in pages of the asked size, with roles, registration and join keys', async () => {
    const d = lab.directory(['reclaim-privileged'], { tuning: { reportsQuota: { requests: 5, windowMs: 100 } } });
    lab.emulator.control.clearRequestLog();
    const pages: Identity[][] = [];
    for await (const page of d.discover({ pageSize: 10 })) pages.push(page);
    const seeded = lab.emulator.control.listUsers();
    const all = pages.flat();
    assert.ok(pages.length >= Math.ceil(seeded.length / 10), `${pages.length} pages for ${seeded.length} users`);
    assert.ok(pages.every((p) => p.length <= 10));
    assert.deepEqual(all.map((i) => i.key).sort(), seeded.map((u) => u.id).sort());

    const log = lab.emulator.control.requestLog();
    const userPages = log.filter(
      (e) => e.method === 'GET' && e.path === '/users' && !/signInActivity/.test(decodeURIComponent(e.query ?? '')),
    );
    assert.equal(userPages.length, pages.length, 'one request per page, following @odata.nextLink');
    assert.ok(
      userPages.every((e) => /\$select=/.test(e.query ?? '') || /%24select=/.test(e.query ?? '')),
      'users are listed with $select',
    );
    assert.equal(log.filter((e) => e.status === 429).length, 0, 'the reports limit was respected');

    const by = (prefix: string) => all.find((i) => i.name.startsWith(prefix)) as Identity;
    assert.deepEqual(
      by('ga.alice').privileged.map((r) => [r.name, r.assignment]),
      [['Global Administrator', 'active']],
    );
    assert.deepEqual(
      by('pim.erin').privileged.map((r) => [r.name, r.assignment]),
      [['Global Administrator', 'eligible']],
    );
    assert.deepEqual(by('cloud.user001').privileged, []);
    assert.equal(by('ga.alice').registration?.phishingResistant, true);
    assert.equal(by('cloud.user004').registration?.mfaRegistered, false);
    assert.equal(by('disabled.gina').enabled, false);
    const hybrid = by('hybrid.fixture1');
    assert.equal(hybrid.onPremisesSyncEnabled, true);
    assert.match(hybrid.onPremisesSecurityIdentifier ?? '', /^S-1-5-21-/);
    assert.ok(hybrid.onPremisesImmutableId);
    assert.equal(by('cloud.user001').onPremisesSyncEnabled, false);
    // Admins covered by the "phishing-resistant MFA for administrators" policy; break-glass excluded.
    assert.equal(by('ga.alice').attributes.caPhishingResistantMfa, 'enforced');
    assert.equal(by('breakglass01').attributes.caPhishingResistantMfa, 'not-enforced');
    assert.equal(by('cloud.user001').attributes.caPhishingResistantMfa, undefined);
  });

  it('last sign-ins when asked for, in their own paced pass: never signed in is null, not read is absent', async () => {
    lab.emulator.control.clearRequestLog();
    // The emulator runs 100x faster: its 10-per-minute limit is 10 per 0.6 s.
    const d = lab.directory(['reclaim-privileged'], {
      tuning: { reportsQuota: { requests: 5, windowMs: 100 }, signInActivity: { requests: 10, windowMs: 600 } },
    });
    const all: Identity[] = [];
    for await (const page of d.discover()) all.push(...page);
    const by = (prefix: string) => all.find((i) => i.name.startsWith(prefix)) as Identity;
    const seeded = lab.emulator.control
      .listUsers()
      .find((u) => String(u.props.userPrincipalName).startsWith('cloud.user001'));
    const expected = (seeded?.props.signInActivity as { lastSignInDateTime?: string } | undefined)?.lastSignInDateTime;
    assert.ok(expected);
    assert.equal(by('cloud.user001').lastLogonAt, expected);
    assert.equal(by('breakglass01').lastLogonAt, null);
    assert.equal(lab.emulator.control.requestLog().filter((e) => e.status === 429).length, 0);
    const without: Identity[] = [];
    for await (const page of lab
      .directory(['reclaim-privileged'], {
        tuning: { reportsQuota: { requests: 5, windowMs: 100 }, signInActivity: false },
      })
      .discover())
      without.push(...page);
    assert.equal(without.find((i) => i.name.startsWith('cloud.user001'))?.lastLogonAt, undefined);
  });

  it('last sign-ins are read by default ($top=500); a tenant without Entra ID P1 leaves them unknown (absent), not "never"', async () => {
    lab.emulator.control.clearRequestLog();
    const read = async () => {
      const all: Identity[] = [];
      for await (const page of lab
        .directory(['reclaim-privileged'], { tuning: { reportsQuota: { requests: 5, windowMs: 100 } } })
        .discover())
        all.push(...page);
      return all.find((i) => i.name.startsWith('cloud.user002'));
    };
    assert.ok((await read())?.lastLogonAt, 'read without being asked');
    const pass = lab.emulator.control
      .requestLog()
      .find((e) => e.path === '/users' && /signInActivity/.test(decodeURIComponent(e.query ?? '')));
    assert.match(decodeURIComponent(pass?.query ?? ''), /\$top=500/);
    lab.emulator.control.updateSettings({ licences: { p1: false, p2: false } });
    try {
      const user = await read();
      assert.ok(user, 'discovery still succeeds');
      assert.equal(user.lastLogonAt, undefined);
    } finally {
      lab.emulator.control.updateSettings({ licences: { p1: true, p2: true } });
    }
  });

  it('roles held through role-assignable groups: members and PIM-eligible members are privileged, active or eligible, with the group named', async () => {
    const c = lab.emulator.control;
    c.seedGroup({
      displayName: 'Tier0 Cloud Admins',
      activeRoles: [ROLE.privilegedRoleAdmin],
      members: ['cloud.user010@reclaimlab.onmicrosoft.com'],
      eligibleMembers: ['cloud.user011@reclaimlab.onmicrosoft.com'],
    });
    c.seedGroup({
      displayName: 'PIM Global Admins',
      eligibleRoles: [ROLE.globalAdmin],
      members: ['cloud.user012@reclaimlab.onmicrosoft.com'],
    });
    c.seedGroup({
      displayName: 'Sales',
      isAssignableToRole: false,
      members: ['cloud.user013@reclaimlab.onmicrosoft.com'],
    });
    try {
      const all: Identity[] = [];
      for await (const page of lab
        .directory(['reclaim-privileged'], {
          tuning: { reportsQuota: { requests: 5, windowMs: 100 }, signInActivity: false },
        })
        .discover())
        all.push(...page);
      const by = (prefix: string) => all.find((i) => i.name.startsWith(prefix))!;
      const show = (i: Identity) => i.privileged.map((r) => `${r.name}/${r.assignment}/${r.via?.join(',') ?? ''}`);
      assert.deepEqual(show(by('cloud.user010')), ['Privileged Role Administrator/active/group Tier0 Cloud Admins']);
      assert.deepEqual(show(by('cloud.user011')), [
        'Privileged Role Administrator/eligible/group Tier0 Cloud Admins (eligible membership)',
      ]);
      assert.deepEqual(show(by('cloud.user012')), ['Global Administrator/eligible/group PIM Global Admins']);
      assert.deepEqual(by('cloud.user013').privileged, [], 'a group that cannot hold roles makes nobody privileged');
      // and Graph protects them like admins: a User Administrator app may not reset a group member
      const member = c.getUser('cloud.user010@reclaimlab.onmicrosoft.com')!;
      await assert.rejects(
        lab.directory(['reclaim']).apply({
          kind: 'requireChange',
          directory: 'entra-lab',
          identity: { directory: 'entra-lab', key: member.id, name: 'cloud.user010' },
        }),
        (e: { code?: string }) => e.code === 'INSUFFICIENT_RIGHTS',
      );
    } finally {
      c.reset();
    }
  });

  it('tenant facts: sync enabled, password hash sync feature, the enforcing policy by name', async () => {
    const facts = await lab.directory().tenantFacts();
    assert.equal(facts.onPremisesSyncEnabled, true);
    assert.equal(facts.syncFeatures.passwordSyncEnabled, true);
    assert.deepEqual(facts.phishingResistant.policies, ['Require phishing-resistant MFA for administrators']);
    assert.deepEqual(facts.gaps, []);
  });

  it('an app that may only read users fails discovery on roles with INSUFFICIENT_RIGHTS, saying what it was reading', async () => {
    const d = lab.directory(['reclaim-readonly']);
    await assert.rejects(
      async () => {
        for await (const page of d.discover()) assert.ok(page);
      },
      (e: unknown) =>
        (e as { code?: string }).code === 'INSUFFICIENT_RIGHTS' &&
        /role assignments/.test(String((e as Error).message)),
    );
  });
});
