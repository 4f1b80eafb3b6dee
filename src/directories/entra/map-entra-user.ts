// A Graph user (with its roles and registration) as a Reclaim Identity. Pure.
import type { Identity, PrivilegeReason, Registration } from '../../core/identity.ts';

/** $select for discovery: $select also lowers the request's cost to 1 RU (graph.md A9, C2). */
export const userSelect = [
  'id',
  'userPrincipalName',
  'displayName',
  'mail',
  'accountEnabled',
  'userType',
  'department',
  'officeLocation',
  'employeeType',
  'createdDateTime',
  'onPremisesSyncEnabled',
  'onPremisesImmutableId',
  'onPremisesSecurityIdentifier',
  'onPremisesSamAccountName',
  'onPremisesDistinguishedName',
  'onPremisesDomainName',
  'lastPasswordChangeDateTime',
  'passwordPolicies',
  'passwordProfile',
  'signInSessionsValidFromDateTime',
] as const;

export interface GraphUser {
  id: string;
  userPrincipalName?: string | null;
  displayName?: string | null;
  mail?: string | null;
  accountEnabled?: boolean | null;
  userType?: string | null;
  department?: string | null;
  officeLocation?: string | null;
  employeeType?: string | null;
  createdDateTime?: string | null;
  onPremisesSyncEnabled?: boolean | null;
  onPremisesImmutableId?: string | null;
  onPremisesSecurityIdentifier?: string | null;
  onPremisesSamAccountName?: string | null;
  onPremisesDistinguishedName?: string | null;
  onPremisesDomainName?: string | null;
  lastPasswordChangeDateTime?: string | null;
  passwordPolicies?: string | null;
  passwordProfile?: {
    forceChangePasswordNextSignIn?: boolean | null;
    forceChangePasswordNextSignInWithMfa?: boolean | null;
  } | null;
  signInSessionsValidFromDateTime?: string | null;
}

export function passwordNeverExpires(user: GraphUser): boolean {
  return (user.passwordPolicies ?? '').split(',').some((p) => p.trim() === 'DisablePasswordExpiration');
}

export function mustChangePassword(user: GraphUser): boolean {
  return (
    user.passwordProfile?.forceChangePasswordNextSignIn === true ||
    user.passwordProfile?.forceChangePasswordNextSignInWithMfa === true
  );
}

export function mapEntraUser(
  directory: string,
  user: GraphUser,
  privileged: readonly PrivilegeReason[] = [],
  registration?: Registration,
): Identity {
  const attributes: Record<string, string | string[]> = {};
  const copy = (name: string, value: string | null | undefined) => {
    if (value) attributes[name] = value;
  };
  copy('userType', user.userType);
  copy('onPremisesSamAccountName', user.onPremisesSamAccountName);
  copy('onPremisesDomainName', user.onPremisesDomainName);
  copy('onPremisesDistinguishedName', user.onPremisesDistinguishedName);
  copy('signInSessionsValidFromDateTime', user.signInSessionsValidFromDateTime);
  const name = user.userPrincipalName ?? user.id;
  return {
    directory,
    kind: 'entra',
    key: user.id,
    name,
    upn: name,
    ...(user.displayName ? { displayName: user.displayName } : {}),
    ...(user.mail ? { mail: user.mail } : {}),
    ...(user.department ? { department: user.department } : {}),
    ...(user.officeLocation ? { office: user.officeLocation } : {}),
    ...(user.employeeType ? { employeeType: user.employeeType } : {}),
    accountType: 'user',
    enabled: user.accountEnabled !== false,
    passwordNeverExpires: passwordNeverExpires(user),
    smartcardRequired: false,
    cannotChangePassword: false,
    passwordLastSetAt: user.lastPasswordChangeDateTime ?? null,
    mustChangePassword: mustChangePassword(user),
    createdAt: user.createdDateTime ?? null,
    memberOf: [],
    servicePrincipalNames: [],
    privileged: [...privileged],
    // true = synced from AD; false = no longer synced; null = never synced (graph.md A1)
    onPremisesSyncEnabled: user.onPremisesSyncEnabled === true,
    ...(user.onPremisesImmutableId ? { onPremisesImmutableId: user.onPremisesImmutableId } : {}),
    ...(user.onPremisesSecurityIdentifier ? { onPremisesSecurityIdentifier: user.onPremisesSecurityIdentifier } : {}),
    ...(registration ? { registration } : {}),
    attributes,
  };
}

/** Registration from a userRegistrationDetails entry (graph.md A6). */
export function mapRegistration(entry: {
  isSsprRegistered?: boolean;
  isMfaRegistered?: boolean;
  methodsRegistered?: string[];
}): Registration {
  const methods = entry.methodsRegistered ?? [];
  return {
    ssprRegistered: entry.isSsprRegistered === true,
    mfaRegistered: entry.isMfaRegistered === true,
    phishingResistant: methods.some((m) => phishingResistantMethods.has(m)),
    methods,
  };
}

const phishingResistantMethods = new Set([
  'fido2',
  'windowsHelloForBusiness',
  'passKeyDeviceBound',
  'passKeyDeviceBoundAuthenticator',
  'passKeyDeviceBoundWindowsHello',
  'x509CertificateMultiFactor',
  'platformCredential',
]);
