// The synthetic organisation is a pure function of (N, seed): same seed, same manifest, byte for
// byte; and it contains what breaks naive tools (special DN characters, nesting, flags).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  generateOrganisation,
  ISSUE15_SHAPES,
  MIN_USERS,
  STALE_AFTER_DAYS,
} from '../../../src/lab/seed/generate-organisation.ts';
import { organisationOperations } from '../../../src/lab/seed/organisation-entries.ts';
import { escapeDnValue, parseDn } from '../../../src/lab/seed/rfc4514-dn.ts';

const m = generateOrganisation(2000, 1);

test('the same seed gives the same manifest; another seed a different one', () => {
  assert.equal(JSON.stringify(generateOrganisation(2000, 1)), JSON.stringify(m));
  assert.notEqual(JSON.stringify(generateOrganisation(2000, 2)), JSON.stringify(m));
  assert.equal(JSON.stringify(generateOrganisation(500, 7)), JSON.stringify(generateOrganisation(500, 7)));
});

test('N accounts with unique DNs, sAMAccountNames (≤ 20 chars) and UPNs', () => {
  assert.equal(m.accounts.length, 2000);
  for (const key of ['dn', 'sAMAccountName', 'userPrincipalName'] as const) {
    assert.equal(new Set(m.accounts.map((a) => a[key].toLowerCase())).size, 2000, key);
  }
  for (const a of m.accounts)
    assert.ok(a.sAMAccountName.length <= 20 && !/[\s"/\\[\]:;|=,+*?<>@]/.test(a.sAMAccountName), a.sAMAccountName);
});

test('every RFC 4514 special character, a leading # and a leading space appear in some CN', () => {
  const cns = m.accounts.map((a) => a.cn);
  for (const ch of [',', '+', '"', '\\', '<', '>', ';', '='])
    assert.ok(
      cns.some((cn) => cn.includes(ch)),
      ch,
    );
  assert.ok(cns.some((cn) => cn.startsWith('#')));
  assert.ok(cns.some((cn) => cn.startsWith(' ')));
  for (const ch of ['é', 'ø', 'ß', 'Ł', '日本'])
    assert.ok(
      cns.some((cn) => cn.includes(ch)),
      ch,
    );
  for (const a of m.accounts) assert.equal(parseDn(a.dn)[0]!.value, a.cn, a.dn);
});

test('escapeDnValue round-trips through parseDn for any string', () => {
  fc.assert(
    fc.property(fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }), (value) => {
      const rdns = parseDn(`CN=${escapeDnValue(value)},OU=x,DC=lab`);
      assert.equal(rdns.length, 3);
      assert.equal(rdns[0]!.value, value);
    }),
  );
  assert.equal(parseDn('CN=a\\3Bb\\3Dc,DC=x')[0]!.value, 'a;b=c'); // Samba's hex form
  assert.equal(parseDn('CN=\\E6\\97\\A5,DC=x')[0]!.value, '日');
});

test('every privileged group has members directly and nested 1 to 3 levels deep', () => {
  for (const ref of m.privilegedGroups) {
    const depths = new Set(
      m.accounts.flatMap((a) => a.privileged.filter((p) => p.group.name === ref.name).map((p) => p.depth)),
    );
    assert.ok(depths.has(0), `${ref.name} direct`);
    assert.ok(Math.max(...depths) >= 1, `${ref.name} nested`);
  }
  const all = new Set(m.accounts.flatMap((a) => a.privileged.map((p) => p.depth)));
  for (const depth of [0, 1, 2, 3]) assert.ok(all.has(depth), `depth ${depth}`);
  // Domain Admins and Enterprise Admins are members of Administrators: their members are too.
  const da = m.accounts.find((a) => a.privileged.some((p) => p.group.name === 'Domain Admins'))!;
  assert.ok(
    da.privileged.some((p) => p.group.name === 'Administrators' && p.chain.at(-2) === m.privilegedGroups[0]!.dn),
  );
  for (const a of m.accounts) for (const p of a.privileged) assert.equal(p.chain.length, p.depth + 1);
  assert.ok(
    m.accounts.some((a) => a.kind === 'user' && a.inOperatorScope && a.privileged.length > 0),
    'privilege hidden in the main tree',
  );
  assert.ok(m.accounts.some((a) => a.privileged.length > 0 && a.adminCount));
  assert.ok(m.accounts.some((a) => a.privileged.length > 0 && !a.adminCount));
});

test('the kinds and flags real domains have are all present and consistent with userAccountControl', () => {
  const count = (f: (a: (typeof m.accounts)[number]) => boolean) => m.accounts.filter(f).length;
  for (const kind of ['user', 'admin', 'service', 'msa', 'breakglass', 'partner'] as const)
    assert.ok(count((a) => a.kind === kind) > 0, kind);
  assert.ok(
    count((a) => !a.enabled) > 0 && count((a) => a.smartcardRequired) > 0 && count((a) => a.passwordNeverExpires) > 0,
  );
  assert.ok(
    count((a) => a.stale) > 0 && count((a) => a.vpn === 'certificate') > 0 && count((a) => a.vpn === 'password') > 0,
  );
  assert.ok(
    count((a) => a.pso !== null) > 0 && count((a) => a.manager !== null) > 0 && count((a) => !a.inOperatorScope) > 0,
  );
  for (const a of m.accounts) {
    assert.equal(a.enabled, (a.userAccountControl & 2) === 0);
    assert.equal(a.passwordNeverExpires, (a.userAccountControl & 0x10000) !== 0);
    assert.equal(a.smartcardRequired, (a.userAccountControl & 0x40000) !== 0);
    assert.equal(a.stale, a.lastLogonDaysAgo !== null && a.lastLogonDaysAgo > STALE_AFTER_DAYS);
    assert.equal(a.inOperatorScope, a.dn.endsWith(m.operatorScopeDn));
    if (a.kind === 'service') assert.ok(a.servicePrincipalNames.length > 0 && a.userAccountControl === 66048);
  }
  const withPassword = count((a) => a.password !== null);
  assert.ok(withPassword >= 50 && withPassword <= 150, `${withPassword} with passwords`);
});

test('operations create managers before their reports and nested groups before their parents', () => {
  const ops = organisationOperations(m, Date.UTC(2026, 0, 1));
  const first = new Set(ops.accountWaves[0]!.map((e) => e.dn));
  for (const e of ops.accountWaves[1]!) assert.ok(first.has(String(e.attributes.manager)));
  const created = new Set<string>();
  const groupDns = new Set(m.groups.map((g) => g.dn));
  for (const wave of ops.groupWaves) {
    for (const e of wave)
      for (const member of [e.attributes.member ?? []].flat())
        if (groupDns.has(String(member))) assert.ok(created.has(String(member)));
    for (const e of wave) created.add(e.dn);
  }
  assert.equal(created.size, m.groups.length);
});

test('the shapes behind issue 15 are there at every size: never-expiring people, orphan adminCount, an FGPP target group', () => {
  for (const org of [m, generateOrganisation(MIN_USERS, 9)]) {
    const people = org.accounts.filter(
      (a) => a.kind === 'user' && a.inOperatorScope && a.enabled && a.password !== null,
    );
    const neverExpiring = people.filter(
      (a) => a.passwordNeverExpires && a.servicePrincipalNames.length === 0 && !a.sAMAccountName.startsWith('svc'),
    );
    assert.ok(
      neverExpiring.length >= ISSUE15_SHAPES.neverExpiringPeople,
      'people (no SPN, not svc-) whose password never expires, with a password',
    );
    const orphans = people.filter(
      (a) =>
        a.adminCount &&
        a.privileged.length === 0 &&
        a.groups.every((g) => !org.privilegedGroups.some((p) => p.dn === g)),
    );
    assert.equal(
      orphans.length,
      ISSUE15_SHAPES.orphanAdminCount,
      'orphan adminCount: adminCount=1 in no privileged group',
    );
    const entries = organisationOperations(org, Date.UTC(2026, 0, 1)).accountWaves.flat();
    for (const o of orphans)
      assert.equal(
        entries.find((e) => e.dn === o.dn)?.attributes.adminCount,
        '1',
        `${o.dn} is written with adminCount`,
      );
    for (const p of neverExpiring)
      assert.equal(Number(entries.find((e) => e.dn === p.dn)?.attributes.userAccountControl) & 0x10000, 0x10000);
    assert.ok(
      org.accounts.some((a) => a.smartcardRequired && a.enabled && a.inOperatorScope),
      'a smart-card account in the operator scope',
    );
    const fgpp = org.groups.find((g) => g.dn === org.fgppTargetGroup);
    assert.equal(fgpp?.purpose, 'fgpp-target');
    assert.ok(fgpp.dn.endsWith(org.operatorScopeDn), 'the FGPP target group is in the operator scope');
    // the operator's scope excludes CN=Users, where the domain's krbtgt lives
    assert.ok(!`CN=krbtgt,CN=Users,${org.baseDn}`.endsWith(org.operatorScopeDn));
  }
});

test('bad sizes and seeds are refused', () => {
  assert.throws(() => generateOrganisation(MIN_USERS - 1, 1), RangeError);
  assert.throws(() => generateOrganisation(1000, -1), RangeError);
  assert.throws(() => generateOrganisation(1000.5, 1), RangeError);
});
