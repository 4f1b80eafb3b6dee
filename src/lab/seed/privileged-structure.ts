// The privileged part of the synthetic domain: the five protected groups, chains of nesting
// groups one to three levels deep under each, and the fixed table of tier-0 accounts.
import type { PrivilegedGroupRef, PrivilegeMembership, SeedGroup } from './seed-manifest.ts';

export type PrivilegedName = PrivilegedGroupRef['name'];

export function privilegedGroups(baseDn: string): Record<PrivilegedName, PrivilegedGroupRef> {
  return {
    'Domain Admins': { name: 'Domain Admins', dn: `CN=Domain Admins,CN=Users,${baseDn}`, rid: 512 },
    'Enterprise Admins': { name: 'Enterprise Admins', dn: `CN=Enterprise Admins,CN=Users,${baseDn}`, rid: 519 },
    Administrators: { name: 'Administrators', dn: `CN=Administrators,CN=Builtin,${baseDn}`, sid: 'S-1-5-32-544' },
    'Account Operators': {
      name: 'Account Operators',
      dn: `CN=Account Operators,CN=Builtin,${baseDn}`,
      sid: 'S-1-5-32-548',
    },
    'Backup Operators': {
      name: 'Backup Operators',
      dn: `CN=Backup Operators,CN=Builtin,${baseDn}`,
      sid: 'S-1-5-32-551',
    },
  };
}

const SHORT: Record<PrivilegedName, string> = {
  'Domain Admins': 'DA',
  'Enterprise Admins': 'EA',
  Administrators: 'BA',
  'Account Operators': 'AO',
  'Backup Operators': 'BO',
};

/** For each privileged group, nesting groups T0-<X>-Nest-1 (member of it) .. -3 (member of -2). */
export function nestingGroups(baseDn: string): SeedGroup[] {
  const ou = `OU=Groups,OU=Tier0,${baseDn}`;
  const groups: SeedGroup[] = [];
  for (const ref of Object.values(privilegedGroups(baseDn))) {
    for (let level = 1; level <= 3; level++) {
      const cn = `T0-${SHORT[ref.name]}-Nest-${level}`;
      const parent = level === 1 ? ref.dn : `CN=T0-${SHORT[ref.name]}-Nest-${level - 1},${ou}`;
      groups.push({
        dn: `CN=${cn},${ou}`,
        cn,
        sAMAccountName: cn,
        purpose: 'privilege-nesting',
        members: [],
        memberOf: [parent],
      });
    }
  }
  return groups;
}

/** The group an account joins to be privileged through `ref` at `depth`, and the membership record. */
export function privilegeVia(
  baseDn: string,
  ref: PrivilegedGroupRef,
  depth: number,
): { groupDn: string; membership: PrivilegeMembership } {
  const ou = `OU=Groups,OU=Tier0,${baseDn}`;
  const chain: string[] = [];
  for (let level = depth; level >= 1; level--) chain.push(`CN=T0-${SHORT[ref.name]}-Nest-${level},${ou}`);
  chain.push(ref.dn);
  return { groupDn: chain[0]!, membership: { group: ref, chain, depth } };
}

/** Tier-0 administrator accounts: [privileged group, depth, adminCount set explicitly]. */
export const ADMIN_TABLE: ReadonlyArray<readonly [PrivilegedName, number, boolean]> = [
  ['Domain Admins', 0, true],
  ['Domain Admins', 0, true],
  ['Domain Admins', 0, false],
  ['Enterprise Admins', 0, true],
  ['Administrators', 0, true],
  ['Administrators', 0, false],
  ['Account Operators', 0, true],
  ['Backup Operators', 0, false],
  ['Domain Admins', 1, true],
  ['Enterprise Admins', 2, false],
  ['Domain Admins', 3, false],
  ['Administrators', 3, true],
  ['Backup Operators', 2, false],
  ['Account Operators', 1, false],
];

/** Ordinary users in the main tree who are privileged through nesting: the trap for naive tools. */
export const HIDDEN_PRIVILEGE_TABLE: ReadonlyArray<readonly [PrivilegedName, number]> = [
  ['Account Operators', 2],
  ['Backup Operators', 3],
  ['Domain Admins', 3],
];

/**
 * Privileged groups that are themselves members of another one in every AD domain (and in
 * Samba's provision): their members are transitively privileged there too, one level deeper.
 */
export const BUILTIN_PARENTS: Partial<Record<PrivilegedName, PrivilegedName[]>> = {
  'Domain Admins': ['Administrators'],
  'Enterprise Admins': ['Administrators'],
};
