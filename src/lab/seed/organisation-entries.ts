// Turns the organisation (the manifest) into the LDAP operations that create it, in an order the
// directory accepts: OUs, accounts without a manager, accounts with one, groups innermost first,
// members of the built-in privileged groups, the PSO. Used by the seeder and by the ldapadd baseline.
import type { SeedAccount, SeedGroup, SeedManifest } from './seed-manifest.ts';

export type EntryValue = string | string[] | Buffer;
export interface AddEntry {
  dn: string;
  attributes: Record<string, EntryValue>;
}
export interface MemberAdd {
  dn: string;
  members: string[];
}
export interface OrganisationOperations {
  ous: AddEntry[];
  /** Accounts in waves: every account of a wave may be added concurrently. */
  accountWaves: AddEntry[][];
  /** Groups in waves: a group's nested groups are in an earlier wave. */
  groupWaves: AddEntry[][];
  privilegedMemberAdds: MemberAdd[];
  pso: AddEntry;
}

const GLOBAL_SECURITY_GROUP = String(-2147483646);
const DAY_MS = 86_400_000;

/** A JavaScript time as an AD FILETIME (100 ns ticks since 1601-01-01). */
export function toFiletime(ms: number): string {
  return String((BigInt(Math.trunc(ms)) + 11_644_473_600_000n) * 10_000n);
}

/** AD stores password-policy durations as negative 100 ns intervals. */
function negativeInterval(days: number): string {
  return days === 0 ? '0' : String(-BigInt(days) * 864_000_000_000n);
}

export function accountEntry(a: SeedAccount, seededAtMs: number): AddEntry {
  const attrs: Record<string, EntryValue> = {
    objectClass: a.kind === 'msa' ? ['msDS-ManagedServiceAccount'] : ['top', 'person', 'organizationalPerson', 'user'],
    sAMAccountName: a.sAMAccountName,
    userPrincipalName: a.userPrincipalName,
    userAccountControl: String(a.userAccountControl),
  };
  const optional: Record<string, string | null> = {
    displayName: a.displayName,
    mail: a.mail,
    manager: a.manager,
    department: a.department,
    physicalDeliveryOfficeName: a.office,
    employeeType: a.employeeType,
  };
  for (const [k, v] of Object.entries(optional)) if (v !== null) attrs[k] = v;
  if (a.servicePrincipalNames.length > 0) attrs.servicePrincipalName = a.servicePrincipalNames;
  if (a.adminCount) attrs.adminCount = '1'; // Samba has no SDProp: set it as AD would have
  if (a.lastLogonDaysAgo !== null) attrs.lastLogonTimestamp = toFiletime(seededAtMs - a.lastLogonDaysAgo * DAY_MS);
  if (a.password !== null) attrs.unicodePwd = Buffer.from(`"${a.password}"`, 'utf16le');
  // Without a password, -1 ("now") keeps the account from looking like "must change at next logon".
  else if (a.kind !== 'msa') attrs.pwdLastSet = '-1';
  return { dn: a.dn, attributes: attrs };
}

function groupEntry(g: SeedGroup): AddEntry {
  const attrs: Record<string, EntryValue> = {
    objectClass: ['top', 'group'],
    sAMAccountName: g.sAMAccountName,
    groupType: GLOBAL_SECURITY_GROUP,
  };
  if (g.members.length > 0) attrs.member = g.members;
  return { dn: g.dn, attributes: attrs };
}

export function organisationOperations(m: SeedManifest, seededAtMs: number): OrganisationOperations {
  const ous = m.ous.map((dn) => ({
    dn,
    attributes: { objectClass: ['top', 'organizationalUnit'] } as Record<string, EntryValue>,
  }));
  const noManager = m.accounts.filter((a) => a.manager === null);
  const withManager = m.accounts.filter((a) => a.manager !== null);
  const accountWaves = [noManager, withManager].map((w) => w.map((a) => accountEntry(a, seededAtMs)));

  const seedGroups = new Set(m.groups.map((g) => g.dn));
  const created = new Set<string>();
  const groupWaves: AddEntry[][] = [];
  let pending = [...m.groups];
  while (pending.length > 0) {
    const ready = pending.filter((g) => g.members.every((d) => !seedGroups.has(d) || created.has(d)));
    if (ready.length === 0) throw new Error('cyclic group nesting in the organisation');
    groupWaves.push(ready.map(groupEntry));
    for (const g of ready) created.add(g.dn);
    pending = pending.filter((g) => !created.has(g.dn));
  }

  const privilegedMemberAdds: MemberAdd[] = m.privilegedGroups.map((ref) => ({
    dn: ref.dn,
    members: [
      ...m.accounts.filter((a) => a.groups.includes(ref.dn)).map((a) => a.dn),
      ...m.groups.filter((g) => g.memberOf.includes(ref.dn)).map((g) => g.dn),
    ],
  }));

  const p = m.pso;
  const pso: AddEntry = {
    dn: p.dn,
    attributes: {
      objectClass: ['msDS-PasswordSettings'],
      'msDS-PasswordSettingsPrecedence': String(p.precedence),
      'msDS-PasswordReversibleEncryptionEnabled': 'FALSE',
      'msDS-PasswordHistoryLength': String(p.historyLength),
      'msDS-PasswordComplexityEnabled': 'TRUE',
      'msDS-MinimumPasswordLength': String(p.minPasswordLength),
      'msDS-MinimumPasswordAge': negativeInterval(0),
      'msDS-MaximumPasswordAge': negativeInterval(p.maxPasswordAgeDays),
      'msDS-LockoutThreshold': '0',
      'msDS-LockoutObservationWindow': String(-18_000_000_000n),
      'msDS-LockoutDuration': String(-18_000_000_000n),
      'msDS-PSOAppliesTo': p.appliesTo,
    },
  };
  return { ous, accountWaves, groupWaves, privilegedMemberAdds, pso };
}
