// The per-identity readiness checks, as a table: which identities a check looks at (its
// population), which of them it flags, how severe that is, and the remedy. assessReadiness runs
// them all in one pass over the discovered snapshot.
import type { Identity } from '../identity.ts';
import type { CompiledSegmentRules } from '../segmentation/segment-rules.ts';
import {
  isKrbtgt,
  isPrivilegedInCloud,
  isPrivilegedOnPremises,
  isStale,
  memberOfLower,
  serviceAccountRule,
} from '../segmentation/segment-identity.ts';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export interface CheckContext {
  rules: CompiledSegmentRules;
  inactiveBeforeMs: number;
  /** a smart-card account whose password was last set before this has not had its hash rolled */
  smartcardRolledAfterMs: number;
  vpnUsesDomainPassword: boolean | undefined;
  /** whether an AD identity is synchronised to Entra (discovery may record the link on either side) */
  synced: (i: Identity) => boolean;
}

export interface IdentityCheck {
  id: string;
  title: string;
  remedy: string;
  population: (i: Identity, ctx: CheckContext) => boolean;
  flagged: (i: Identity, ctx: CheckContext) => boolean;
  severity: (count: number, total: number) => Severity | null;
}

const person = (i: Identity): boolean => i.accountType === 'user' && !isKrbtgt(i);
const cloudPerson = (i: Identity): boolean =>
  i.kind === 'entra' && i.enabled && person(i) && i.registration !== undefined;
/** A service account by the rules segmentation uses (shared with `reclaim assess`). */
export const isServiceAccount = (i: Identity, rules: CompiledSegmentRules): boolean =>
  i.kind === 'ad' && i.accountType !== 'computer' && !isKrbtgt(i) && serviceAccountRule(i, rules) !== null;
const service = (i: Identity, ctx: CheckContext): boolean => isServiceAccount(i, ctx.rules);
const byShare =
  (high: number, medium: number) =>
  (count: number, total: number): Severity | null => {
    if (total === 0) return null;
    const share = count / total;
    return share > high ? 'high' : share > medium ? 'medium' : count > 0 ? 'low' : 'info';
  };
const whenAny =
  (severity: Severity) =>
  (count: number): Severity | null =>
    count > 0 ? severity : null;

export const identityChecks: readonly IdentityCheck[] = [
  {
    id: 'sspr-registration',
    title: 'Users not registered for self-service password reset',
    remedy:
      'Drive SSPR registration before the campaign (registration campaign, Conditional Access); unregistered users call the helpdesk, so size waves for them.',
    population: cloudPerson,
    flagged: (i) => i.registration?.ssprRegistered !== true,
    severity: byShare(0.5, 0.1),
  },
  {
    id: 'mfa-registration',
    title: 'Users without a registered MFA method',
    remedy:
      'Register MFA for every user; forceChangePasswordNextSignInWithMfa needs it, and an attacker can register first on an unregistered account.',
    population: cloudPerson,
    flagged: (i) => i.registration?.mfaRegistered !== true,
    severity: byShare(0.3, 0.05),
  },
  {
    id: 'service-account-without-owner',
    title: 'Service accounts with no owner or application mapping',
    remedy:
      'Record an owner and the applications of each service account in the inventory (segments.serviceAccountInventory): rotation is coordinated with them.',
    population: service,
    flagged: (i, ctx) => (ctx.rules.serviceAccountOwners.get(i.name.toLowerCase()) ?? null) === null,
    severity: whenAny('high'),
  },
  {
    id: 'password-never-expires',
    title: 'Accounts whose password never expires',
    remedy:
      'Clear the flag where possible ("never expires" overrides "must change at next logon", Reclaim clears it before the flag is set); move services to gMSA.',
    population: (i) => i.kind === 'ad' && i.enabled && person(i),
    flagged: (i) => i.passwordNeverExpires,
    severity: whenAny('medium'),
  },
  {
    id: 'gmsa-candidates',
    title: 'Service accounts that could become group Managed Service Accounts',
    remedy: 'Migrate to gMSA where the application supports it: the directory then rotates the password itself.',
    population: service,
    flagged: (i) => i.accountType === 'user' && (i.servicePrincipalNames.length > 0 || i.passwordNeverExpires),
    severity: whenAny('low'),
  },
  {
    id: 'orphan-admin-count',
    title: 'Accounts with adminCount=1 but no privileged group membership (orphans of former admins)',
    remedy:
      "Clear adminCount and re-enable ACL inheritance on these accounts: AdminSDHolder's ACL stays " +
      'on them, so delegated reset rights may not reach them. Reclaim resets them like any ' +
      'person.',
    // krbtgt is one of AD's protected accounts by itself (AdminSDHolder), in no admin group
    population: (i) => i.kind === 'ad' && i.adminCount === 1 && !isKrbtgt(i),
    flagged: (i) => !isPrivilegedOnPremises(i),
    severity: whenAny('medium'),
  },
  {
    id: 'privileged-on-premises-synced',
    title: 'Privileged on-premises accounts synchronised to the cloud',
    remedy: 'Exclude privileged AD accounts from Entra Connect sync; give admins separate cloud-only accounts.',
    population: (i) => i.kind === 'ad' && isPrivilegedOnPremises(i),
    flagged: (i, ctx) => ctx.synced(i),
    severity: whenAny('high'),
  },
  {
    id: 'cloud-role-held-by-synced-account',
    title: 'Entra admin roles held by accounts synchronised from AD',
    remedy: 'Hold cloud admin roles with cloud-only accounts, so an AD compromise does not reach the tenant.',
    population: (i) => i.kind === 'entra' && isPrivilegedInCloud(i),
    flagged: (i) => i.onPremisesSyncEnabled === true || i.linkedTo !== undefined,
    severity: whenAny('high'),
  },
  {
    id: 'admin-without-phishing-resistant-mfa',
    title: 'Admins without phishing-resistant MFA',
    remedy:
      'Enforce phishing-resistant methods (FIDO2, Windows Hello, certificates) for every privileged cloud account.',
    population: (i) => i.kind === 'entra' && isPrivilegedInCloud(i),
    flagged: (i) => i.registration?.phishingResistant !== true,
    severity: whenAny('high'),
  },
  {
    id: 'standing-admin-roles',
    title: 'Standing (active) admin role assignments instead of PIM-eligible ones',
    remedy: 'Make admin roles eligible through Privileged Identity Management (just-in-time activation).',
    population: (i) => i.kind === 'entra' && isPrivilegedInCloud(i),
    flagged: (i) => i.privileged.some((p) => p.source === 'entra-role' && p.assignment === 'active'),
    severity: whenAny('medium'),
  },
  {
    id: 'stale-accounts',
    title: 'Enabled accounts with no logon for the configured number of days',
    remedy: 'Disable stale accounts before the campaign; they are reset without notice.',
    population: (i) => i.enabled && person(i),
    flagged: (i, ctx) => isStale(i, ctx.inactiveBeforeMs),
    severity: whenAny('medium'),
  },
  {
    id: 'cloud-last-sign-in-unknown',
    title: 'Cloud-only users whose last sign-in is unknown',
    remedy:
      'Entra ID returns last sign-ins (signInActivity) only with an Entra ID P1 licence and the ' +
      "AuditLog.Read.All permission, and the directory's signInActivity setting must not be " +
      'false: until then these users are treated as active (notice and forced change), never ' +
      'reset silently as stale.',
    population: (i) =>
      i.kind === 'entra' && i.enabled && person(i) && i.linkedTo === undefined && i.onPremisesSyncEnabled !== true,
    flagged: (i) => i.lastLogonAt === undefined,
    severity: whenAny('medium'),
  },
  {
    id: 'disabled-accounts',
    title: 'Disabled accounts (their password hashes are still valid if re-enabled)',
    remedy: 'Delete what is no longer needed; the rest are reset without notice.',
    population: person,
    flagged: (i) => !i.enabled,
    severity: whenAny('low'),
  },
  {
    id: 'vpn-domain-password',
    title: 'Users of a VPN that authenticates with the domain password',
    remedy:
      'A VPN that cannot change a password at sign-in strands these users after a reset: move the ' +
      'VPN to certificates or to Entra ID, or plan SSPR or the helpdesk for them.',
    population: (i) => i.kind === 'ad' && person(i) && i.enabled,
    flagged: (i, ctx) =>
      ctx.rules.vpnPasswordGroup !== null
        ? memberOfLower(i, ctx.rules.vpnPasswordGroup)
        : ctx.vpnUsesDomainPassword === true,
    severity: whenAny('high'),
  },
  {
    id: 'smartcard-hash-not-rolled',
    title: 'Smart-card-required accounts whose password hash has not rolled',
    remedy:
      'Roll the hash (toggle smart-card-required, or enable automatic rolling at the domain functional level 2016); a password reset alone changes nothing.',
    population: (i) => i.kind === 'ad' && i.smartcardRequired,
    flagged: (i, ctx) => i.passwordLastSetAt === null || Date.parse(i.passwordLastSetAt) < ctx.smartcardRolledAfterMs,
    severity: whenAny('high'),
  },
  {
    id: 'service-account-cannot-modify',
    title: "Accounts Reclaim's service account cannot modify",
    remedy:
      "Grant the service account reset-password rights on these accounts' OUs (protected admins " +
      'excepted: they are reset by hand), or they will fail in their wave.',
    population: (i) => i.writable !== undefined,
    flagged: (i) => i.writable === false,
    severity: whenAny('critical'),
  },
];
