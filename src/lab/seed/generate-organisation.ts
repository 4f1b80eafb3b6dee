// The synthetic organisation as data: a pure function of (N, seed). Nothing here touches the
// directory, the clock or Math.random, so the same arguments always give the same manifest.
import { asciiFold, DEPARTMENTS, FIRST_NAMES, LAST_NAMES, OFFICES, SITES, SPECIAL_NAMES } from './name-pools.ts';
import {
  ADMIN_TABLE,
  BUILTIN_PARENTS,
  HIDDEN_PRIVILEGE_TABLE,
  nestingGroups,
  privilegedGroups,
  privilegeVia,
} from './privileged-structure.ts';
import { escapeDnValue } from './rfc4514-dn.ts';
import { SeededRandom } from './seeded-random.ts';
import type { SeedAccount, SeedGroup, SeedManifest, SeedObjectKind, SeedPso } from './seed-manifest.ts';

export const GENERATOR_VERSION = 3;
export const STALE_AFTER_DAYS = 90;
export const MIN_USERS = 100;
const UAC = { NORMAL: 0x200, DISABLED: 0x2, DONT_EXPIRE: 0x10000, SMARTCARD: 0x40000, WORKSTATION: 0x1000 };
const FIXED = { admins: ADMIN_TABLE.length, breakglass: 2, services: 16, msas: 3, special: SPECIAL_NAMES.length };
const REGULAR_WITH_PASSWORD = 50;
/** ordinary employees given each issue-15 shape, whatever N and the seed */
export const ISSUE15_SHAPES = { neverExpiringPeople: 2, orphanAdminCount: 2 } as const;

export function generateOrganisation(
  users: number,
  seed: number,
  baseDn = 'DC=lab,DC=example',
  realm = 'LAB.EXAMPLE',
): SeedManifest {
  if (!Number.isInteger(users) || users < MIN_USERS)
    throw new RangeError(`--users must be an integer of at least ${MIN_USERS}`);
  if (!Number.isInteger(seed) || seed < 0) throw new RangeError('--seed must be a non-negative integer');
  const rnd = new SeededRandom(seed);
  const dnsDomain = realm.toLowerCase();
  const corp = `OU=Corp,${baseDn}`;
  const tier0 = `OU=Tier0,${baseDn}`;
  const partner = `OU=Partner,${baseDn}`;
  const siteOu = (site: string) => `OU=${escapeDnValue(site)},${corp}`;
  const deptOu = (site: string, dept: string) => `OU=${dept},${siteOu(site)}`;
  const partnerOus = [`OU=Contoso Consulting,${partner}`, `OU=Fabrikam,${partner}`];
  const ous = [
    corp,
    partner,
    tier0,
    `OU=Admins,${tier0}`,
    `OU=Break Glass,${tier0}`,
    `OU=Groups,${tier0}`,
    `OU=Groups,${corp}`,
    `OU=Service Accounts,${corp}`,
    ...SITES.flatMap((site) => [siteOu(site), ...DEPARTMENTS.map((d) => deptOu(site, d))]),
    ...partnerOus,
  ];
  const priv = privilegedGroups(baseDn);
  const groups = nestingGroups(baseDn);
  const groupByDn = new Map(groups.map((g) => [g.dn, g]));
  const addGroup = (cn: string, purpose: SeedGroup['purpose']) => {
    const g: SeedGroup = {
      dn: `CN=${cn},OU=Groups,${corp}`,
      cn,
      sAMAccountName: cn,
      purpose,
      members: [],
      memberOf: [],
    };
    groups.push(g);
    groupByDn.set(g.dn, g);
    return g;
  };
  const vpnCert = addGroup('VPN-Certificate-Users', 'vpn-certificate');
  const vpnPassword = addGroup('VPN-Password-Users', 'vpn-password');
  const psoGroup = addGroup('PSO-Finance-Strict', 'pso');
  // An empty group for the FGPP alternative's campaign PSO to target (linkPasswordPolicy).
  const fgppTargets = addGroup('FGPP-Campaign-Targets', 'fgpp-target');
  const pso: SeedPso = {
    dn: `CN=Finance Strict,CN=Password Settings Container,CN=System,${baseDn}`,
    name: 'Finance Strict',
    appliesTo: [psoGroup.dn],
    precedence: 10,
    minPasswordLength: 14,
    maxPasswordAgeDays: 30,
    historyLength: 24,
  };

  const accounts: SeedAccount[] = [];
  const cnsByOu = new Map<string, Set<string>>();
  let serial = 0;
  const uniqueCn = (ou: string, wanted: string) => {
    const used = cnsByOu.get(ou) ?? new Set<string>();
    cnsByOu.set(ou, used);
    let cn = wanted;
    for (let n = 2; used.has(cn.toLowerCase()); n++) cn = `${wanted} (${n})`;
    used.add(cn.toLowerCase());
    return cn;
  };
  const account = (
    kind: SeedObjectKind,
    ou: string,
    cnWanted: string,
    samBase: string,
    extra: Partial<SeedAccount>,
  ): SeedAccount => {
    serial += 1;
    const cn = uniqueCn(ou, cnWanted);
    // Letters, then the serial in decimal: unique, since the split between the two is unambiguous.
    const sam = kind === 'msa' ? `${samBase.slice(0, 15)}$` : `${samBase.slice(0, 13)}${serial}`;
    const upnName = sam.replace(/\$$/, '');
    const a: SeedAccount = {
      dn: `CN=${escapeDnValue(cn)},${ou}`,
      cn,
      sAMAccountName: sam,
      userPrincipalName: `${upnName}@${dnsDomain}`,
      kind,
      displayName: cn,
      site: null,
      department: null,
      office: null,
      mail: null,
      manager: null,
      employeeType: null,
      userAccountControl: UAC.NORMAL,
      enabled: true,
      passwordNeverExpires: false,
      smartcardRequired: false,
      servicePrincipalNames: [],
      groups: [],
      privileged: [],
      adminCount: false,
      lastLogonDaysAgo: rnd.int(30),
      stale: false,
      inOperatorScope: ou.endsWith(corp),
      vpn: null,
      pso: null,
      specialName: /[,+"\\<>;=]|^[# ]/.test(cn),
      password: null,
      ...extra,
    };
    accounts.push(a);
    return a;
  };
  const joinGroup = (a: SeedAccount, groupDn: string) => {
    a.groups.push(groupDn);
    groupByDn.get(groupDn)?.members.push(a.dn);
  };
  const makePrivileged = (a: SeedAccount, name: keyof typeof priv, depth: number) => {
    const via = privilegeVia(baseDn, priv[name], depth);
    joinGroup(a, via.groupDn);
    a.privileged.push(via.membership);
    for (const parent of BUILTIN_PARENTS[name] ?? []) {
      const m = via.membership;
      a.privileged.push({ group: priv[parent], chain: [...m.chain, priv[parent].dn], depth: m.depth + 1 });
    }
  };
  const person = () => ({ first: rnd.pick(FIRST_NAMES), last: rnd.pick(LAST_NAMES) });
  const samOf = (first: string, last: string) => `${asciiFold(first).slice(0, 1) || 'u'}${asciiFold(last) || 'user'}`;

  // Tier 0: administrators and break-glass accounts (outside the operator's scope, like AdminSDHolder would keep them).
  for (const [name, depth, adminCount] of ADMIN_TABLE) {
    const { first, last } = person();
    const a = account('admin', `OU=Admins,${tier0}`, `${first} ${last} (admin)`, `adm-${samOf(first, last)}`, {
      adminCount,
      password: rnd.password(),
      employeeType: 'Admin',
      department: 'IT',
    });
    makePrivileged(a, name, depth);
  }
  for (let i = 1; i <= FIXED.breakglass; i++) {
    const a = account('breakglass', `OU=Break Glass,${tier0}`, `Break Glass 0${i}`, `bg-emergency`, {
      adminCount: true,
      password: rnd.password(),
      userAccountControl: UAC.NORMAL | UAC.DONT_EXPIRE,
      passwordNeverExpires: true,
      lastLogonDaysAgo: null,
    });
    makePrivileged(a, 'Domain Admins', 0);
  }
  // Service accounts with SPNs and never-expiring passwords (uac 66048); two of them privileged.
  const apps = [
    'sql',
    'web',
    'sccm',
    'backup',
    'exch',
    'sap',
    'crm',
    'print',
    'ftp',
    'iis',
    'jira',
    'git',
    'mon',
    'adfs',
    'rds',
    'wsus',
  ];
  for (let i = 0; i < FIXED.services; i++) {
    const app = apps[i % apps.length]!;
    const host = `${app}${String(i + 1).padStart(2, '0')}.${dnsDomain}`;
    const spn = app === 'sql' ? [`MSSQLSvc/${host}:1433`, `MSSQLSvc/${host}`] : [`HTTP/${host}`, `HOST/${host}`];
    const daysAgo = rnd.chance(0.25) ? STALE_AFTER_DAYS + 1 + rnd.int(600) : rnd.int(7);
    const a = account('service', `OU=Service Accounts,${corp}`, `svc-${app}${i + 1}`, `svc-${app}`, {
      userAccountControl: UAC.NORMAL | UAC.DONT_EXPIRE,
      passwordNeverExpires: true,
      servicePrincipalNames: spn,
      password: rnd.password(),
      lastLogonDaysAgo: daysAgo,
      employeeType: 'Service',
    });
    if (app === 'backup') makePrivileged(a, 'Backup Operators', 0);
    if (app === 'sccm') makePrivileged(a, 'Administrators', 1);
  }
  for (let i = 1; i <= FIXED.msas; i++) {
    account('msa', `CN=Managed Service Accounts,${baseDn}`, `msa-app${i}`, `msa-app${i}`, {
      userAccountControl: UAC.WORKSTATION,
      displayName: null,
      servicePrincipalNames: [`HTTP/msa-app${i}.${dnsDomain}`],
      inOperatorScope: false,
    });
  }

  // Ordinary people: special-character names first, then partners, then employees by site and department.
  const partnerCount = Math.max(10, Math.round(users * 0.03));
  const regularCount = users - accounts.length - FIXED.special - partnerCount;
  const managers = new Map<string, string>();
  const employee = (cnWanted: string | null, withPassword: boolean) => {
    const site = rnd.pick(SITES);
    const department = rnd.pick(DEPARTMENTS);
    const ou = deptOu(site, department);
    const { first, last } = person();
    const cn = cnWanted ?? `${first} ${last}`;
    const sam = cnWanted ? `u${asciiFold(cnWanted).slice(0, 8)}` : samOf(first, last);
    const disabled = rnd.chance(0.05);
    const smartcard = !disabled && rnd.chance(0.02);
    const neverExpires = !smartcard && rnd.chance(0.03);
    const roll = rnd.next();
    const lastLogonDaysAgo =
      disabled || roll < 0.08 ? STALE_AFTER_DAYS + 1 + rnd.int(900) : roll < 0.12 ? null : rnd.int(30);
    const vpnRoll = rnd.next();
    const vpn = vpnRoll < 0.15 ? 'certificate' : vpnRoll < 0.25 ? 'password' : null;
    const manager = managers.get(ou) ?? null;
    const a = account('user', ou, cn, sam, {
      site,
      department,
      office: rnd.pick(OFFICES[site]),
      employeeType: rnd.pick([
        'Employee',
        'Employee',
        'Employee',
        'Employee',
        'Employee',
        'Employee',
        'Contractor',
        'Intern',
      ]),
      userAccountControl:
        UAC.NORMAL |
        (disabled ? UAC.DISABLED : 0) |
        (smartcard ? UAC.SMARTCARD : 0) |
        (neverExpires ? UAC.DONT_EXPIRE : 0),
      enabled: !disabled,
      smartcardRequired: smartcard,
      passwordNeverExpires: neverExpires,
      lastLogonDaysAgo,
      vpn,
      manager,
      password: withPassword ? rnd.password() : null,
    });
    a.mail = rnd.chance(0.9) ? `${a.sAMAccountName}@${dnsDomain}` : null;
    if (!managers.has(ou)) managers.set(ou, a.dn);
    if (vpn) joinGroup(a, vpn === 'certificate' ? vpnCert.dn : vpnPassword.dn);
    if (department === 'Finance' && psoGroup.members.length < 40) {
      joinGroup(a, psoGroup.dn);
      a.pso = pso.dn;
    }
    return a;
  };
  for (const name of SPECIAL_NAMES) employee(name, true);
  for (let i = 0; i < partnerCount; i++) {
    const { first, last } = person();
    const a = account('partner', partnerOus[i % 2]!, `${first} ${last}`, `ext-${samOf(first, last)}`, {
      employeeType: 'Partner',
      inOperatorScope: false,
      password: i < 5 ? rnd.password() : null,
    });
    a.mail = `${a.sAMAccountName}@partner.example`;
    if (rnd.chance(0.3)) {
      a.vpn = 'password';
      joinGroup(a, vpnPassword.dn);
    }
  }
  const passwordEvery = Math.max(1, Math.floor(regularCount / REGULAR_WITH_PASSWORD));
  for (let i = 0; i < regularCount; i++) {
    const a = employee(null, i % passwordEvery === 0 && i / passwordEvery < REGULAR_WITH_PASSWORD);
    if (i < HIDDEN_PRIVILEGE_TABLE.length) {
      const [name, depth] = HIDDEN_PRIVILEGE_TABLE[i]!;
      makePrivileged(a, name, depth);
      a.password ??= rnd.password();
    }
  }
  // The shapes behind issue 15, given to ordinary employees that have a password (no draw from rnd:
  // the rest of the organisation stays as generator 2 made it): people whose password never expires
  // (a blocker the reset clears, not service accounts) and orphans of former admins (adminCount=1 in
  // no privileged group: not privileged, a readiness finding).
  const plain = accounts.filter(
    (a) =>
      a.kind === 'user' &&
      a.password !== null &&
      a.enabled &&
      !a.smartcardRequired &&
      a.privileged.length === 0 &&
      !a.specialName,
  );
  for (const a of plain.slice(0, ISSUE15_SHAPES.neverExpiringPeople)) {
    a.passwordNeverExpires = true;
    a.userAccountControl |= UAC.DONT_EXPIRE;
  }
  for (const a of plain.slice(
    ISSUE15_SHAPES.neverExpiringPeople,
    ISSUE15_SHAPES.neverExpiringPeople + ISSUE15_SHAPES.orphanAdminCount,
  ))
    a.adminCount = true;
  // and a smart-card account in the operator's scope whatever the draw (verify judges its hash roll)
  const candidates = accounts.filter(
    (a) =>
      a.kind === 'user' &&
      a.inOperatorScope &&
      a.enabled &&
      !a.passwordNeverExpires &&
      !a.adminCount &&
      a.privileged.length === 0 &&
      !a.specialName,
  );
  const smartcard = candidates.find((a) => a.password === null) ?? candidates.at(-1);
  if (smartcard && !accounts.some((a) => a.kind === 'user' && a.inOperatorScope && a.enabled && a.smartcardRequired)) {
    smartcard.smartcardRequired = true;
    smartcard.userAccountControl |= UAC.SMARTCARD;
  }
  for (const a of accounts) a.stale = a.lastLogonDaysAgo !== null && a.lastLogonDaysAgo > STALE_AFTER_DAYS;
  for (const g of groups) for (const parent of g.memberOf) groupByDn.get(parent)?.members.push(g.dn);

  return {
    generatorVersion: GENERATOR_VERSION,
    users,
    seed,
    realm,
    baseDn,
    seededAt: null,
    domainSid: null,
    staleAfterDays: STALE_AFTER_DAYS,
    stalenessNote:
      `lastLogonTimestamp is written at creation as seededAt minus lastLogonDaysAgo ` +
      `days (absent when null); stale = more than ${STALE_AFTER_DAYS} days`,
    operatorScopeDn: corp,
    outOfScopeDn: partner,
    ous,
    privilegedGroups: Object.values(priv),
    vpnGroups: { certificate: vpnCert.dn, password: vpnPassword.dn },
    fgppTargetGroup: fgppTargets.dn,
    groups,
    pso,
    accounts,
  };
}
