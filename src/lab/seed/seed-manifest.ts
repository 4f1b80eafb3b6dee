// The ground truth of a seeded lab domain, written to <labDir>/seed-manifest.json (mode 0600: it
// holds the test passwords). Tests read the domain back over LDAPS and compare it with this.

export type SeedObjectKind =
  | 'user' // an ordinary employee in OU=<Department>,OU=<Site>,OU=Corp
  | 'admin' // a tier-0 administrator account in OU=Admins,OU=Tier0
  | 'service' // an SPN service account in OU=Service Accounts,OU=Corp (uac 66048)
  | 'msa' // a standalone managed service account in CN=Managed Service Accounts
  | 'breakglass' // an emergency access account in OU=Break Glass,OU=Tier0
  | 'partner'; // an external user in OU=Partner (svc-reclaim has no rights there)

/** A privileged group: domain groups by RID (the domain SID is `domainSid`), builtin ones by SID. */
export interface PrivilegedGroupRef {
  name: 'Domain Admins' | 'Enterprise Admins' | 'Administrators' | 'Account Operators' | 'Backup Operators';
  dn: string;
  rid?: number; // domain-relative: Domain Admins 512, Enterprise Admins 519
  sid?: string; // builtin: S-1-5-32-544 Administrators, -548 Account Operators, -551 Backup Operators
}

export interface PrivilegeMembership {
  group: PrivilegedGroupRef;
  /** Group DNs from the account's direct group to the privileged group, inclusive. */
  chain: string[];
  /** Intermediate groups between the account and the privileged group: 0 = direct member. */
  depth: number;
}

export interface SeedAccount {
  dn: string; // RFC 4514-escaped, as we added it
  cn: string; // unescaped
  sAMAccountName: string;
  userPrincipalName: string;
  kind: SeedObjectKind;
  displayName: string | null;
  site: string | null;
  department: string | null;
  office: string | null; // physicalDeliveryOfficeName
  mail: string | null;
  manager: string | null; // DN
  employeeType: string | null;
  userAccountControl: number;
  enabled: boolean;
  passwordNeverExpires: boolean;
  smartcardRequired: boolean;
  servicePrincipalNames: string[];
  /** Direct group memberships (DNs), privileged groups included. */
  groups: string[];
  privileged: PrivilegeMembership[];
  adminCount: boolean; // set explicitly (Samba never sets it); true with no `privileged` entry: an orphan of a former admin
  /**
   * lastLogonTimestamp written this many days before seededAt; null = never logged on. A later
   * successful bind refreshes lastLogonTimestamp when it is older than ~2 weeks (Samba, as AD), so
   * binding as a stale account ends its staleness: tests bind only accounts with small values.
   */
  lastLogonDaysAgo: number | null;
  stale: boolean; // lastLogonDaysAgo > staleAfterDays
  inOperatorScope: boolean; // below OU=Corp: svc-reclaim may reset it
  vpn: 'certificate' | 'password' | null;
  pso: string | null; // DN of the resultant PSO, null = domain policy
  specialName: boolean; // the CN contains RFC 4514 special characters
  password: string | null; // null: created without a password
}

export interface SeedGroup {
  dn: string;
  cn: string;
  sAMAccountName: string;
  purpose: 'vpn-certificate' | 'vpn-password' | 'pso' | 'fgpp-target' | 'privilege-nesting';
  members: string[]; // DNs of accounts and groups
  memberOf: string[]; // DNs, privileged groups included
}

export interface SeedPso {
  dn: string;
  name: string;
  appliesTo: string[]; // group DNs
  precedence: number;
  minPasswordLength: number;
  maxPasswordAgeDays: number;
  historyLength: number;
}

export interface SeedManifest {
  generatorVersion: number;
  users: number; // --users N: the number of account objects
  seed: number;
  realm: string;
  baseDn: string;
  seededAt: string | null; // ISO time the objects were written (null in the pure plan)
  domainSid: string | null; // filled in after seeding
  staleAfterDays: number;
  /** How staleness is expressed, for readers of the manifest. */
  stalenessNote: string;
  operatorScopeDn: string;
  outOfScopeDn: string;
  ous: string[];
  privilegedGroups: PrivilegedGroupRef[];
  vpnGroups: { certificate: string; password: string };
  /** an empty group in OU=Groups,OU=Corp for the FGPP alternative's campaign PSO */
  fgppTargetGroup: string;
  groups: SeedGroup[];
  pso: SeedPso;
  accounts: SeedAccount[];
}
