import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Identity } from '../../../src/core/identity.ts';
import { assessReadiness, type ReadinessInputs } from '../../../src/core/readiness/assess-readiness.ts';
import { compileSegmentRules } from '../../../src/core/segmentation/segment-rules.ts';
import { aHybridPerson, anIdentity, now, settings } from '../support/an-identity.ts';

const reg = (sspr: boolean, mfa: boolean, phishingResistant = false) => ({
  ssprRegistered: sspr,
  mfaRegistered: mfa,
  phishingResistant,
  methods: [],
});
const cloudUser = (name: string, over: Partial<Identity> = {}) =>
  anIdentity({ name, kind: 'entra', directory: 'cloud', registration: reg(true, true), ...over });
const role = (assignment: 'active' | 'eligible') => [
  { source: 'entra-role', name: 'Global Administrator', assignment },
];
const known: ReadinessInputs = {
  passwordWritebackEnabled: true,
  forceChangeSyncEnabled: true,
  cloudSignIn: 'passwordHashSync',
  tapPolicyEnabled: true,
  oldPasswordAllowedMinutes: 0,
};

function assess(
  identities: Identity[],
  inputs: ReadinessInputs = known,
  inventory = [{ name: 'svc-owned', owner: 'app-team' }],
) {
  const s = settings();
  const rules = compileSegmentRules({ ...s.segments, serviceAccountInventory: inventory }, s.protected);
  return assessReadiness({ identities, rules, inputs, now, assurance: 'standard' });
}

// One row per check: an identity it must flag (among clean ones), and the expected severity.
const table: Array<{ id: string; flagged: Identity; severity: string }> = [
  // one of two cloud users: a 50 % share
  { id: 'sspr-registration', flagged: cloudUser('nosspr', { registration: reg(false, true) }), severity: 'medium' },
  { id: 'mfa-registration', flagged: cloudUser('nomfa', { registration: reg(true, false) }), severity: 'high' },
  { id: 'service-account-without-owner', flagged: anIdentity({ name: 'svc-orphan' }), severity: 'high' },
  {
    id: 'password-never-expires',
    flagged: anIdentity({ name: 'forever', passwordNeverExpires: true }),
    severity: 'medium',
  },
  {
    id: 'gmsa-candidates',
    flagged: anIdentity({ name: 'sqlrun', servicePrincipalNames: ['MSSQLSvc/db:1433'] }),
    severity: 'low',
  },
  {
    id: 'privileged-on-premises-synced',
    flagged: aHybridPerson('adm-sync', {}, { privileged: [{ source: 'RID 512', name: 'Domain Admins' }] })[0],
    severity: 'high',
  },
  {
    id: 'privileged-on-premises-synced',
    flagged: anIdentity({ name: 'adm-linked-from-cloud', privileged: [{ source: 'RID 512', name: 'Domain Admins' }] }),
    severity: 'high',
  },
  { id: 'orphan-admin-count', flagged: anIdentity({ name: 'former-adm', adminCount: 1 }), severity: 'medium' },
  {
    id: 'orphan-admin-count',
    flagged: anIdentity({
      name: 'old-adm-2',
      adminCount: 1,
      privileged: [{ source: 'adminCount', name: 'adminCount=1' }],
    }),
    severity: 'medium',
  },
  {
    id: 'cloud-role-held-by-synced-account',
    flagged: aHybridPerson('ga', { privileged: role('eligible'), registration: reg(true, true, true) })[1],
    severity: 'high',
  },
  {
    id: 'admin-without-phishing-resistant-mfa',
    flagged: cloudUser('ga2', { privileged: role('eligible') }),
    severity: 'high',
  },
  {
    id: 'standing-admin-roles',
    flagged: cloudUser('ga3', { privileged: role('active'), registration: reg(true, true, true) }),
    severity: 'medium',
  },
  {
    id: 'stale-accounts',
    flagged: anIdentity({ name: 'ghost', lastLogonAt: '2026-01-01T00:00:00.000Z' }),
    severity: 'medium',
  },
  { id: 'disabled-accounts', flagged: anIdentity({ name: 'leaver', enabled: false }), severity: 'low' },
  {
    id: 'cloud-last-sign-in-unknown',
    flagged: cloudUser('unread@corp.example', { lastLogonAt: undefined, createdAt: '2020-01-01T00:00:00.000Z' }),
    severity: 'medium',
  },
  {
    id: 'vpn-domain-password',
    flagged: anIdentity({ name: 'roamer', memberOf: ['CN=VPN-Password,OU=Groups,DC=corp,DC=example'] }),
    severity: 'high',
  },
  {
    id: 'smartcard-hash-not-rolled',
    flagged: anIdentity({ name: 'sc', smartcardRequired: true, passwordLastSetAt: '2025-01-01T00:00:00.000Z' }),
    severity: 'high',
  },
  {
    id: 'service-account-cannot-modify',
    flagged: anIdentity({ name: 'locked-down', writable: false }),
    severity: 'critical',
  },
];

const clean = (): Identity[] => [
  // the Entra side of adm-linked-from-cloud: discovery records the link on the Entra side only
  cloudUser('adm-linked-from-cloud@corp.example', {
    onPremisesSyncEnabled: true,
    linkedTo: { directory: 'corp', key: 'key-adm-linked-from-cloud' },
  }),
  anIdentity({ name: 'alice', writable: true }),
  cloudUser('bob@corp.example'),
  anIdentity({ name: 'svc-owned' }),
  anIdentity({ name: 'sc-ok', smartcardRequired: true, passwordLastSetAt: '2026-11-01T00:00:00.000Z' }),
  // adminCount with real membership, and krbtgt's own adminCount: no orphans
  anIdentity({ name: 'adm-real', adminCount: 1, privileged: [{ source: 'RID 512', name: 'Domain Admins' }] }),
  anIdentity({ name: 'krbtgt', accountType: 'krbtgt', adminCount: 1, enabled: false }),
];

describe('readiness findings', () => {
  for (const row of table) {
    it(`${row.id}: flags ${row.flagged.name} (${row.severity}) and names it in the sample`, () => {
      const before = assess(clean()).find((f) => f.id === row.id);
      assert.ok(before === undefined || before.count === 0, 'the clean population is not flagged');
      const f = assess([...clean(), row.flagged]).find((x) => x.id === row.id);
      assert.ok(f, `finding ${row.id}`);
      assert.equal(f.count, 1);
      assert.equal(f.severity, row.severity);
      assert.deepEqual(f.sample, [`${row.flagged.directory}:${row.flagged.name}`]);
      assert.ok(f.remedy.length > 20);
      assert.ok((f.total ?? 0) >= 1);
    });
  }

  it('coverage severity grows with the share of unregistered users, and the sample is capped', () => {
    const users = Array.from({ length: 30 }, (_, i) => cloudUser(`u${i}`, { registration: reg(i < 10, true) }));
    const f = assess(users).find((x) => x.id === 'sspr-registration')!;
    assert.equal(f.count, 20);
    assert.equal(f.total, 30);
    assert.equal(f.severity, 'high');
    assert.equal(f.sample.length, 10);
  });

  it('asks for the settings Graph cannot tell, and flags the ones that are off', () => {
    const hybrid = aHybridPerson('h');
    const unknown = assess(hybrid, {});
    assert.deepEqual(
      unknown.filter((f) => f.total === null).map((f) => [f.id, f.severity]),
      [
        ['cloud-sign-in', 'medium'],
        ['force-change-sync', 'medium'],
        ['old-password-grace', 'medium'],
        ['password-writeback', 'medium'],
        ['tap-policy', 'medium'],
      ],
    );
    assert.match(unknown.find((f) => f.id === 'password-writeback')!.remedy, /readiness\.passwordWritebackEnabled/);
    const off = assess(hybrid, {
      passwordWritebackEnabled: false,
      forceChangeSyncEnabled: false,
      tapPolicyEnabled: false,
    });
    assert.equal(off.find((f) => f.id === 'password-writeback')?.severity, 'high');
    assert.equal(off.find((f) => f.id === 'password-writeback')?.count, 1);
    assert.ok(off.find((f) => f.id === 'tap-policy'));
    assert.equal(assess(hybrid, known).filter((f) => f.total === null).length, 0);
    assert.match(unknown.find((f) => f.id === 'cloud-sign-in')!.remedy, /readiness\.cloudSignIn/);
  });

  it('a synced person without a registration report is a finding: it decides between a cloud force change and an AD reset', () => {
    const registration = { ssprRegistered: false, mfaRegistered: false, phishingResistant: false, methods: [] };
    const withReport = assess(aHybridPerson('r', { registration }), known);
    assert.equal(
      withReport.find((f) => f.id === 'hybrid-sspr-registration-unknown'),
      undefined,
    );
    const without = assess([...aHybridPerson('u'), ...aHybridPerson('r', { registration })], known).find(
      (f) => f.id === 'hybrid-sspr-registration-unknown',
    );
    assert.equal(without?.count, 1);
    assert.equal(without?.total, 2);
    assert.deepEqual(without?.sample, ['corp:u']);
    assert.match(without!.remedy, /AD admin reset/);
  });

  it('rates no TAP policy when no Entra identity was discovered (an AD-only campaign)', () => {
    const adOnly = assess([anIdentity({ name: 'a' }), anIdentity({ name: 'b' })], {});
    assert.equal(
      adOnly.find((f) => f.id === 'tap-policy'),
      undefined,
    );
    assert.equal(
      assess(aHybridPerson('h'), {}).find((f) => f.id === 'tap-policy')?.count,
      1,
      'the Entra users it concerns',
    );
  });

  it('without a VPN-password group, vpnUsesDomainPassword flags every enabled AD user', () => {
    const s = settings();
    const rules = compileSegmentRules({ ...s.segments, vpnPasswordGroup: undefined }, s.protected);
    const f = assessReadiness({
      identities: [anIdentity({ name: 'a' }), anIdentity({ name: 'b' })],
      rules,
      inputs: { ...known, vpnUsesDomainPassword: true },
      now,
    });
    assert.equal(f.find((x) => x.id === 'vpn-domain-password')?.count, 2);
  });

  it('findings come most severe first', () => {
    const f = assess([...clean(), ...table.map((r) => r.flagged)]);
    const ranks = f.map((x) => ['critical', 'high', 'medium', 'low', 'info'].indexOf(x.severity));
    assert.deepEqual(
      ranks,
      [...ranks].sort((a, b) => a - b),
    );
    assert.equal(f[0]?.id, 'service-account-cannot-modify');
  });
});

describe('readiness rendering', () => {
  it('shows severity, count, share, sample and remedy', async () => {
    const { renderReadiness } = await import('../../../src/core/readiness/render-readiness.ts');
    const text = renderReadiness(assess([...clean(), anIdentity({ name: 'svc-orphan' })]));
    assert.match(text, /\[HIGH\] Service accounts with no owner or application mapping: 1 of 2 \(50 %\)/);
    assert.match(text, /e\.g\. corp:svc-orphan/);
  });
});
