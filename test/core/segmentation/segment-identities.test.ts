import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Identity } from '../../../src/core/identity.ts';
import { groupKeyOf } from '../../../src/core/planning/group-key.ts';
import { segmentIdentities, type SegmentationResult } from '../../../src/core/segmentation/segment-identities.ts';
import { compileSegmentRules, type CustomSegmentRule } from '../../../src/core/segmentation/segment-rules.ts';
import type { AssuranceLevel } from '../../../src/core/triage/decide-triage.ts';
import { aHybridPerson, anIdentity, now, settings } from '../support/an-identity.ts';

const cert = 'CN=VPN-Cert,OU=Groups,DC=corp,DC=example';
const pwd = 'CN=VPN-Password,OU=Groups,DC=corp,DC=example';

function segment(
  identities: Identity[],
  opts: {
    assurance?: AssuranceLevel;
    writeback?: boolean;
    forceChangeSync?: boolean;
    krbtgt?: boolean;
    rules?: CustomSegmentRule[];
    scope?: string[];
    alternatives?: Record<string, 'passwordPolicyExpiry'>;
  } = {},
): SegmentationResult {
  const s = settings();
  const rules = compileSegmentRules(
    { ...s.segments, rules: opts.rules, alternatives: opts.alternatives },
    s.protected,
    ['svc-reclaim-bind'],
  );
  return segmentIdentities({
    identities,
    rules,
    scope: opts.scope ? { kind: 'accounts', accounts: opts.scope } : { kind: 'all', accounts: [] },
    krbtgtDoubleReset: opts.krbtgt ?? true,
    assurance: opts.assurance ?? 'standard',
    passwordWritebackEnabled: opts.writeback ?? true,
    forceChangeSyncEnabled: opts.forceChangeSync ?? true,
    now,
    groupOf: groupKeyOf('department'),
  });
}

const registered = {
  ssprRegistered: true,
  mfaRegistered: true,
  phishingResistant: false,
  methods: ['microsoftAuthenticator'],
};

// One row per segment rule: the identity, the segment, the rule id and the standard-assurance treatment.
const table: Array<{ name: string; people: Identity[]; segment: string; ruleId: string; treatment: string }> = [
  {
    name: 'krbtgt',
    people: [anIdentity({ name: 'krbtgt', accountType: 'krbtgt' })],
    segment: 'krbtgt',
    ruleId: 'krbtgt',
    treatment: 'krbtgtDoubleReset',
  },
  {
    name: 'domain admin',
    people: [anIdentity({ name: 'adm-jo', privileged: [{ source: 'RID 512', name: 'Domain Admins' }] })],
    segment: 'privileged',
    ruleId: 'privileged-ad-group',
    treatment: 'privilegedManualReset',
  },
  {
    name: 'domain admin through the primary group',
    people: [
      anIdentity({
        name: 'adm-pg',
        privileged: [
          { source: 'RID 512', name: 'Domain Admins', via: ['CN=Domain Admins,CN=Users,DC=corp,DC=example'] },
        ],
      }),
    ],
    segment: 'privileged',
    ruleId: 'privileged-ad-group',
    treatment: 'privilegedManualReset',
  },
  // adminCount=1 in no privileged group: an orphan of a former admin, reset like anyone (issue 15)
  {
    name: 'orphan adminCount',
    people: [anIdentity({ name: 'old-adm', adminCount: 1 })],
    segment: 'onsite',
    ruleId: 'onsite-default',
    treatment: 'requireChange',
  },
  {
    name: 'orphan adminCount from an older snapshot',
    people: [
      anIdentity({ name: 'old-adm2', adminCount: 1, privileged: [{ source: 'adminCount', name: 'adminCount=1' }] }),
    ],
    segment: 'onsite',
    ruleId: 'onsite-default',
    treatment: 'requireChange',
  },
  {
    name: 'synced user holding an Entra role',
    people: aHybridPerson('gadmin', {
      privileged: [{ source: 'entra-role', name: 'Global Administrator', assignment: 'eligible' }],
    }),
    segment: 'privileged',
    ruleId: 'privileged-entra-role',
    treatment: 'privilegedManualReset',
  },
  {
    name: 'gMSA',
    people: [anIdentity({ name: 'web$', accountType: 'groupManagedServiceAccount' })],
    segment: 'serviceAccount',
    ruleId: 'service-managed',
    treatment: 'serviceRotation',
  },
  {
    name: 'service OU',
    people: [anIdentity({ name: 'backup', dn: 'CN=backup,OU=Service Accounts,DC=corp,DC=example' })],
    segment: 'serviceAccount',
    ruleId: 'service-ou',
    treatment: 'serviceRotation',
  },
  {
    name: 'service name',
    people: [anIdentity({ name: 'svc-sql' })],
    segment: 'serviceAccount',
    ruleId: 'service-name-pattern',
    treatment: 'serviceRotation',
  },
  {
    name: 'SPN',
    people: [anIdentity({ name: 'sqlrunner', servicePrincipalNames: ['MSSQLSvc/db1:1433'] })],
    segment: 'serviceAccount',
    ruleId: 'service-spn',
    treatment: 'serviceRotation',
  },
  // password never expires is a blocker the reset clears, not proof of a service account (issue 15)
  {
    name: 'person whose password never expires',
    people: [anIdentity({ name: 'kiosk', passwordNeverExpires: true })],
    segment: 'onsite',
    ruleId: 'onsite-default',
    treatment: 'requireChange',
  },
  {
    name: 'SPN and never expires',
    people: [anIdentity({ name: 'apprunner', passwordNeverExpires: true, servicePrincipalNames: ['HTTP/app1'] })],
    segment: 'serviceAccount',
    ruleId: 'service-spn',
    treatment: 'serviceRotation',
  },
  {
    name: 'disabled',
    people: [anIdentity({ name: 'leaver', enabled: false })],
    segment: 'inactive',
    ruleId: 'inactive-disabled',
    treatment: 'inactiveReset',
  },
  {
    name: 'stale',
    people: [anIdentity({ name: 'ghost', lastLogonAt: '2026-01-01T00:00:00.000Z' })],
    segment: 'inactive',
    ruleId: 'inactive-no-logon',
    treatment: 'inactiveReset',
  },
  {
    name: 'smart card',
    people: [anIdentity({ name: 'sc-user', smartcardRequired: true })],
    segment: 'smartcard',
    ruleId: 'smartcard-required',
    treatment: 'rollSmartcardHash',
  },
  {
    name: 'VPN password, SSPR-registered, writeback',
    people: aHybridPerson('roamer', { registration: registered }, { memberOf: [pwd.toUpperCase()] }),
    segment: 'vpnPassword',
    ruleId: 'vpn-password-group',
    treatment: 'adminResetSspr',
  },
  {
    name: 'VPN password, not registered',
    people: [anIdentity({ name: 'remote2', memberOf: [pwd] })],
    segment: 'vpnPassword',
    ruleId: 'vpn-password-group',
    treatment: 'helpdeskReset',
  },
  {
    name: 'VPN certificate',
    people: [anIdentity({ name: 'remote3', memberOf: [cert] })],
    segment: 'vpnCertificate',
    ruleId: 'vpn-certificate-group',
    treatment: 'requireChange',
  },
  {
    name: 'hybrid, no registration report',
    people: aHybridPerson('hy'),
    segment: 'hybrid',
    ruleId: 'hybrid-linked',
    treatment: 'hybridAdminReset',
  },
  {
    name: 'hybrid, SSPR-registered, writeback',
    people: aHybridPerson('hs', { registration: registered }),
    segment: 'hybrid',
    ruleId: 'hybrid-linked',
    treatment: 'hybridForceChange',
  },
  {
    name: 'synced VPN certificate user',
    people: aHybridPerson('hc', {}, { memberOf: [cert] }),
    segment: 'vpnCertificate',
    ruleId: 'vpn-certificate-group',
    treatment: 'hybridAdminReset',
  },
  {
    name: 'cloud-only',
    people: [anIdentity({ name: 'c@corp.example', kind: 'entra', directory: 'cloud' })],
    segment: 'cloudOnly',
    ruleId: 'cloud-only',
    treatment: 'cloudForceChange',
  },
  {
    // SAFETY: no signInActivity (no P1 / AuditLog.Read.All): unknown, never stale from the creation date
    name: 'cloud-only, last sign-in not read, created long ago',
    people: [
      anIdentity({
        name: 'u@corp.example',
        kind: 'entra',
        directory: 'cloud',
        lastLogonAt: undefined,
        createdAt: '2020-01-01T00:00:00.000Z',
      }),
    ],
    segment: 'cloudOnly',
    ruleId: 'cloud-only',
    treatment: 'cloudForceChange',
  },
  {
    name: 'cloud-only, last sign-in read and old',
    people: [
      anIdentity({
        name: 'o@corp.example',
        kind: 'entra',
        directory: 'cloud',
        lastLogonAt: '2026-01-01T00:00:00.000Z',
        createdAt: '2020-01-01T00:00:00.000Z',
      }),
    ],
    segment: 'inactive',
    ruleId: 'inactive-no-logon',
    treatment: 'inactiveReset',
  },
  {
    name: 'cloud-only, sign-ins read, never signed in, created long ago',
    people: [
      anIdentity({
        name: 'n@corp.example',
        kind: 'entra',
        directory: 'cloud',
        lastLogonAt: null,
        createdAt: '2020-01-01T00:00:00.000Z',
      }),
    ],
    segment: 'inactive',
    ruleId: 'inactive-no-logon',
    treatment: 'inactiveReset',
  },
  {
    name: 'onsite',
    people: [anIdentity({ name: 'desk' })],
    segment: 'onsite',
    ruleId: 'onsite-default',
    treatment: 'requireChange',
  },
];

describe('segmentation: one segment, one treatment and the deciding rule per identity', () => {
  for (const row of table) {
    it(`${row.name} -> ${row.segment} (${row.ruleId}) -> ${row.treatment}`, () => {
      const r = segment(row.people);
      assert.equal(r.assignments.length, 1, 'a hybrid person is one decision');
      const a = r.assignments[0]!;
      assert.equal(a.segment, row.segment);
      assert.equal(a.ruleId, row.ruleId);
      assert.equal(a.treatment, row.treatment);
      assert.ok(a.rule.length > 5);
    });
  }

  it('a link recorded on the Entra side only (as discovery does) still makes one hybrid decision', () => {
    const [ad, cloud] = aHybridPerson('one');
    delete ad.linkedTo;
    const r = segment([cloud, ad]);
    assert.equal(r.assignments.length, 1);
    assert.equal(r.assignments[0]?.segment, 'hybrid');
    assert.deepEqual(r.assignments[0]?.linked, { directory: 'cloud', key: 'cloud-one', name: 'one@corp.example' });
  });

  it('high assurance: every user segment goes through the verified helpdesk, none through SSPR', () => {
    const people = table.flatMap((r) => r.people);
    const r = segment(people, { assurance: 'high' });
    for (const a of r.assignments) {
      assert.notEqual(a.treatment, 'adminResetSspr');
      if (['onsite', 'vpnCertificate', 'vpnPassword', 'hybrid', 'cloudOnly'].includes(a.segment))
        assert.equal(a.treatment, 'helpdeskReset', a.name);
    }
  });

  it('VPN password without writeback: helpdesk, even when registered', () => {
    const r = segment(aHybridPerson('roamer', { registration: registered }, { memberOf: [pwd] }), { writeback: false });
    assert.equal(r.assignments[0]?.treatment, 'helpdeskReset');
  });

  // SAFETY: pwdLastSet=0 never reaches the cloud under password hash sync; no fact, known or unknown,
  // may leave a synced person with only the AD flag.
  it('hybrid treatments follow the readiness facts, and every unknown picks a treatment that contains the cloud', () => {
    const unregistered = { ...registered, ssprRegistered: false };
    const choose = (
      cloud: Partial<Identity>,
      inputs: Parameters<typeof segment>[1] & {
        signIn?: 'passwordHashSync' | 'passThrough' | 'federated';
        domains?: Record<string, 'passwordHashSync' | 'passThrough' | 'federated'>;
      } = {},
    ) => {
      const s = settings();
      const rules = compileSegmentRules({ ...s.segments, alternatives: inputs.alternatives }, s.protected, []);
      const a = segmentIdentities({
        identities: aHybridPerson('p', cloud),
        rules,
        scope: { kind: 'all', accounts: [] },
        krbtgtDoubleReset: true,
        assurance: 'standard',
        passwordWritebackEnabled: 'writeback' in inputs ? inputs.writeback : true,
        forceChangeSyncEnabled: inputs.forceChangeSync,
        cloudSignIn: inputs.signIn,
        cloudSignInDomains: inputs.domains,
        now,
        groupOf: groupKeyOf('department'),
      }).assignments[0]!;
      return [a.treatment, a.why];
    };
    assert.deepEqual(choose({ registration: registered }), ['hybridForceChange', 'writeback-sspr']);
    assert.deepEqual(choose({ registration: registered }, { signIn: 'passwordHashSync' }), [
      'hybridForceChange',
      'writeback-sspr',
    ]);
    assert.deepEqual(choose({ registration: unregistered }), ['hybridAdminReset', 'sspr-not-registered']);
    assert.deepEqual(choose({}), ['hybridAdminReset', 'sspr-unknown']);
    assert.deepEqual(choose({ registration: registered }, { writeback: false }), ['hybridAdminReset', 'writeback-off']);
    assert.deepEqual(choose({ registration: registered }, { writeback: undefined }), [
      'hybridAdminReset',
      'writeback-unknown',
    ]);
    assert.deepEqual(choose({ registration: registered }, { signIn: 'federated' }), ['hybridAdGoverned', 'federated']);
    assert.deepEqual(choose({ registration: registered }, { signIn: 'passThrough' }), [
      'hybridAdGoverned',
      'pass-through',
    ]);
    assert.deepEqual(choose({}, { signIn: 'passwordHashSync', domains: { 'corp.example': 'federated' } }), [
      'hybridAdGoverned',
      'federated',
    ]);
    assert.deepEqual(choose({}, { signIn: 'federated', domains: { 'other.example': 'passwordHashSync' } }), [
      'hybridAdGoverned',
      'federated',
    ]);
    assert.deepEqual(
      choose({}, { forceChangeSync: false }),
      ['hybridAdminReset', 'sspr-unknown'],
      'the force-change feature does not decide the treatment',
    );
    // the FGPP alternative only where AD checks cloud sign-ins
    assert.deepEqual(choose({}, { alternatives: { hybrid: 'passwordPolicyExpiry' } }), [
      'hybridAdminReset',
      'sspr-unknown',
    ]);
    assert.deepEqual(choose({}, { signIn: 'passThrough', alternatives: { hybrid: 'passwordPolicyExpiry' } }), [
      'passwordPolicyExpiry',
      'pass-through',
    ]);
    for (const cloud of [{}, { registration: registered }, { registration: unregistered }]) {
      for (const inputs of [
        {},
        { writeback: false },
        { writeback: undefined },
        { forceChangeSync: false },
        { signIn: 'passwordHashSync' as const },
      ]) {
        assert.notEqual(choose(cloud, inputs)[0], 'requireChange', JSON.stringify({ cloud, inputs }));
      }
    }
  });

  it('the FGPP alternative applies per segment, to AD identities only', () => {
    const r = segment([anIdentity({ name: 'desk' }), anIdentity({ name: 'vpn', memberOf: [cert] })], {
      alternatives: { onsite: 'passwordPolicyExpiry' },
    });
    assert.deepEqual(
      r.assignments.map((a) => a.treatment),
      ['passwordPolicyExpiry', 'requireChange'],
    );
  });

  it('a custom rule from config decides, after privileged, and names itself', () => {
    const rules: CustomSegmentRule[] = [
      {
        id: 'field-staff',
        description: 'field staff use the password VPN',
        segment: 'vpnPassword',
        when: { attribute: { name: 'employeeType', equals: 'field' } },
      },
    ];
    const r = segment(
      [
        anIdentity({ name: 'f1', employeeType: 'field' }),
        anIdentity({ name: 'adm', employeeType: 'field', privileged: [{ source: 'RID 512', name: 'Domain Admins' }] }),
      ],
      { rules },
    );
    assert.deepEqual(
      r.assignments.map((a) => [a.segment, a.ruleId]),
      [
        ['vpnPassword', 'field-staff'],
        ['privileged', 'privileged-ad-group'],
      ],
    );
  });

  it('protected identities are set aside with their reason, on either side of a hybrid person', () => {
    const [, syncedBg] = aHybridPerson('emergency', { upn: 'bg-admin' });
    const people = [
      anIdentity({ name: 'bg-admin' }),
      anIdentity({ name: 'svc-reclaim' }),
      anIdentity({ name: 'svc-reclaim-bind' }),
      anIdentity({ name: 'MSOL_1a2b3c4d5e6f' }),
      anIdentity({ name: 'Sync_AADC01_1a2b3c4d5e6f@corp.onmicrosoft.com', kind: 'entra', directory: 'cloud' }),
      anIdentity({ name: 'vip', memberOf: ['CN=Do-Not-Touch,OU=Groups,DC=corp,DC=example'] }),
      ...aHybridPerson('emergency', { upn: 'bg-admin' }).slice(0, 1),
      syncedBg,
    ];
    const r = segment(people);
    assert.deepEqual(r.assignments, []);
    assert.deepEqual(
      r.protected.map((p) => p.ruleId),
      [
        'protected-break-glass',
        'protected-identity',
        'protected-identity',
        'protected-sync-account',
        'protected-sync-account',
        'protected-group',
        'protected-break-glass',
      ],
    );
  });

  it('a protected UPN (a bind account) also protects the bare AD account name', () => {
    const s = settings();
    const rules = compileSegmentRules(s.segments, { identities: [], groups: [] }, ['svc-bind@corp.example']);
    const r = segmentIdentities({
      identities: [anIdentity({ name: 'svc-bind' })],
      rules,
      scope: { kind: 'all', accounts: [] },
      krbtgtDoubleReset: true,
      assurance: 'standard',
      now,
      groupOf: groupKeyOf('none'),
    });
    assert.equal(r.protected[0]?.ruleId, 'protected-identity');
  });

  it('krbtgt is protected when triage did not call for its double reset', () => {
    const r = segment([anIdentity({ name: 'krbtgt', accountType: 'krbtgt' })], { krbtgt: false });
    assert.equal(r.assignments.length, 0);
    assert.equal(r.protected[0]?.ruleId, 'protected-krbtgt');
  });

  it('a targeted scope keeps only the named accounts; computers are never in scope', () => {
    const people = [
      anIdentity({ name: 'alice' }),
      anIdentity({ name: 'bob' }),
      ...aHybridPerson('carol'),
      anIdentity({ name: 'PC1$', accountType: 'computer' }),
    ];
    const r = segment(people, { scope: ['alice', 'carol@corp.example'] });
    assert.deepEqual(
      r.assignments.map((a) => a.name),
      ['alice', 'carol'],
    );
    assert.equal(r.outOfScope.count, 2);
  });

  it('a synced Entra identity whose AD side was not discovered is listed as unmanageable, not planned', () => {
    const [, cloud] = aHybridPerson('orphan');
    const r = segment([cloud]);
    assert.equal(r.assignments.length, 0);
    assert.equal(r.unmanageable[0]?.ruleId, 'synced-without-ad-side');
  });

  it('an Entra user whose anchors name two AD objects is set aside, and both AD objects are planned as synced with no cloud side', () => {
    const x = anIdentity({ name: 'xavier' });
    const y = anIdentity({ name: 'yann' });
    const cloud = anIdentity({
      name: 'xavier@corp.example',
      kind: 'entra',
      key: 'cloud-x',
      onPremisesSyncEnabled: true,
      linkAmbiguous: {
        reason:
          'its onPremisesImmutableId names corp:key-xavier but its onPremisesSecurityIdentifier names corp:key-yann',
        candidates: [
          { directory: 'corp', key: x.key },
          { directory: 'corp', key: y.key },
        ],
      },
    });
    const r = segment([x, y, cloud], { writeback: true });
    assert.deepEqual(
      r.unmanageable.map((u) => [u.name, u.ruleId]),
      [['xavier@corp.example', 'synced-link-ambiguous']],
    );
    assert.match(r.unmanageable[0]!.reason, /names corp:key-xavier but .* names corp:key-yann/);
    assert.deepEqual(
      r.assignments.map((a) => [a.name, a.segment, a.treatment, a.linked]),
      [
        ['xavier', 'hybrid', 'hybridAdminReset', null],
        ['yann', 'hybrid', 'hybridAdminReset', null],
      ],
    );
  });

  it('two Entra users linked to one AD object: neither is acted on, the AD object is planned as synced with no cloud side', () => {
    const ad = anIdentity({ name: 'zoe' });
    const one = anIdentity({
      name: 'zoe@corp.example',
      kind: 'entra',
      key: 'cloud-z1',
      onPremisesSyncEnabled: true,
      linkedTo: { directory: 'corp', key: ad.key },
    });
    const two = anIdentity({
      name: 'zoe.old@corp.example',
      kind: 'entra',
      key: 'cloud-z2',
      onPremisesSyncEnabled: true,
      linkedTo: { directory: 'corp', key: ad.key },
    });
    const r = segment([one, ad, two]);
    assert.deepEqual(r.unmanageable.map((u) => [u.name, u.ruleId]).sort(), [
      ['zoe.old@corp.example', 'synced-link-ambiguous'],
      ['zoe@corp.example', 'synced-link-ambiguous'],
    ]);
    assert.match(
      r.unmanageable[0]!.reason,
      /zoe@corp\.example and cloud:zoe\.old@corp\.example are all linked to corp:key-zoe/,
    );
    assert.deepEqual(
      r.assignments.map((a) => [a.name, a.segment, a.treatment, a.linked]),
      [['zoe', 'hybrid', 'hybridAdminReset', null]],
    );
  });

  it('refuses an invalid pattern in config with CONFIG_INVALID naming the setting', () => {
    const s = settings();
    assert.throws(
      () => compileSegmentRules({ ...s.segments, serviceAccountNamePatterns: ['(['] }, s.protected),
      /segments\.serviceAccountNamePatterns\.0/,
    );
  });
});
