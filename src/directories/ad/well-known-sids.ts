// Privileged groups identified by well-known SID or RID, never by name: localized domains rename
// them ("Domänen-Admins", "Admins du domaine"), a SID never changes.
// https://learn.microsoft.com/en-us/windows-server/identity/ad-ds/manage/understand-security-identifiers

export interface PrivilegedGroupSpec {
  /** 'domain' = <domain SID>-RID; 'builtin' = S-1-5-32-RID */
  scope: 'domain' | 'builtin';
  rid: number;
  /** English default name, for display when the group cannot be read */
  defaultName: string;
}

export const privilegedGroupSpecs: readonly PrivilegedGroupSpec[] = [
  { scope: 'domain', rid: 512, defaultName: 'Domain Admins' },
  { scope: 'domain', rid: 518, defaultName: 'Schema Admins' },
  { scope: 'domain', rid: 519, defaultName: 'Enterprise Admins' },
  { scope: 'domain', rid: 520, defaultName: 'Group Policy Creator Owners' },
  { scope: 'domain', rid: 526, defaultName: 'Key Admins' },
  { scope: 'domain', rid: 527, defaultName: 'Enterprise Key Admins' },
  { scope: 'builtin', rid: 544, defaultName: 'Administrators' },
  { scope: 'builtin', rid: 548, defaultName: 'Account Operators' },
  { scope: 'builtin', rid: 549, defaultName: 'Server Operators' },
  { scope: 'builtin', rid: 550, defaultName: 'Print Operators' },
  { scope: 'builtin', rid: 551, defaultName: 'Backup Operators' },
];

export const builtinDomainSid = 'S-1-5-32';

/** The SID of a privileged group in a domain whose SID is `domainSid`. */
export function privilegedGroupSid(spec: PrivilegedGroupSpec, domainSid: string): string {
  return `${spec.scope === 'builtin' ? builtinDomainSid : domainSid}-${spec.rid}`;
}

/** How a privilege is written in PrivilegeReason.source: 'RID 512' or 'SID S-1-5-32-544'. */
export function privilegeSource(spec: PrivilegedGroupSpec): string {
  return spec.scope === 'builtin' ? `SID ${builtinDomainSid}-${spec.rid}` : `RID ${spec.rid}`;
}

/** Well-known account RIDs. */
export const wellKnownRids = { administrator: 500, guest: 501, krbtgt: 502 } as const;

/**
 * DnsAdmins has no well-known RID (it is created with an ordinary one when DNS is installed), so it
 * is the one group found by its sAMAccountName; it is not renamed by localization.
 */
export const dnsAdminsName = 'DnsAdmins';

/** krbtgt, and the read-only DCs' krbtgt_NNNNN accounts. */
export function isKrbtgtName(samAccountName: string): boolean {
  return /^krbtgt(_\d+)?$/i.test(samAccountName);
}
