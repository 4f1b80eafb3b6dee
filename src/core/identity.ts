// An identity as discovered from one directory: the data every decision in Reclaim is made from.
// Timestamps are ISO-8601 strings (UTC) so identities serialise to the store unchanged.

export type DirectoryKind = 'ad' | 'entra';

/** Points at one identity in one configured directory. `key` never changes (objectGUID, Entra id). */
export interface IdentityRef {
  directory: string;
  key: string;
  /** sAMAccountName in AD, userPrincipalName in Entra: for people to read, never to match on. */
  name: string;
  /** AD distinguished name, when known: the address writes go to. */
  dn?: string;
}

export type AccountType = 'user' | 'computer' | 'managedServiceAccount' | 'groupManagedServiceAccount' | 'krbtgt';

/** Why an identity counts as privileged, in words an operator can check. */
export interface PrivilegeReason {
  /** e.g. 'RID 512', 'SID S-1-5-32-544', 'entra-role', 'config-group' (never adminCount: see isPrivilegedOnPremises) */
  source: string;
  /** the group or role name as the directory spells it, for display only */
  name: string;
  /** for transitive AD membership: the chain of group DNs from the identity up to the privileged group */
  via?: string[];
  /** for Entra roles */
  assignment?: 'active' | 'eligible';
}

export interface Registration {
  ssprRegistered: boolean;
  mfaRegistered: boolean;
  /** phishing-resistant methods registered (FIDO2, Windows Hello, certificate) */
  phishingResistant: boolean;
  methods: string[];
}

export interface Identity {
  directory: string;
  kind: DirectoryKind;
  key: string;
  name: string;
  dn?: string;
  upn?: string;
  displayName?: string;
  sid?: string;
  mail?: string;
  manager?: string;
  department?: string;
  office?: string;
  site?: string;
  employeeType?: string;
  description?: string;
  accountType: AccountType;
  enabled: boolean;
  passwordNeverExpires: boolean;
  smartcardRequired: boolean;
  cannotChangePassword: boolean;
  /** AD userAccountControl, raw, when the identity comes from AD */
  userAccountControl?: number;
  /** When the password was last set; null when unknown or when AD says "must change" (pwdLastSet=0). */
  passwordLastSetAt: string | null;
  mustChangePassword: boolean;
  passwordExpiresAt?: string | null;
  lastLogonAt?: string | null;
  createdAt?: string | null;
  /** group DNs (AD) or group ids (Entra) the identity is a direct member of */
  memberOf: string[];
  /** AD adminCount as read; 1 without privileged membership is an orphan (a readiness finding), not privilege */
  adminCount?: number;
  servicePrincipalNames: string[];
  /** DN of the resultant Fine-Grained Password Policy, when one applies */
  resultantPso?: string;
  privileged: PrivilegeReason[];
  /** Entra: synced from on-premises */
  onPremisesSyncEnabled?: boolean;
  onPremisesImmutableId?: string;
  onPremisesSecurityIdentifier?: string;
  /** the same person in the other directory, once discovery has linked them */
  linkedTo?: { directory: string; key: string };
  /** Entra: a synced user discovery could not tie to one AD object (its onPremisesImmutableId and
   *  onPremisesSecurityIdentifier name different ones): the candidates and why, never a guess */
  linkAmbiguous?: { reason: string; candidates: Array<{ directory: string; key: string }> };
  registration?: Registration;
  /** whether Reclaim's service account may reset this identity's password, when discovery checked
   *  (AD allowedAttributesEffective / effective rights); undefined when not checked */
  writable?: boolean;
  /** anything else an operator may group waves by: attribute name to value(s) */
  attributes: Record<string, string | string[]>;
}

export function identityRef(identity: Identity): IdentityRef {
  return {
    directory: identity.directory,
    key: identity.key,
    name: identity.name,
    ...(identity.dn ? { dn: identity.dn } : {}),
  };
}
