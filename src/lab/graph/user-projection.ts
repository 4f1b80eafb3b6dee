// Which user properties exist (graph-v1-subset.json), which are returned by default, which only
// for a single user, and how a record is projected for $select. `password` is never returned.
import type { UserRecord } from './tenant-state.ts';

export const userProperties = [
  'id',
  'deletedDateTime',
  'aboutMe',
  'accountEnabled',
  'ageGroup',
  'assignedLicenses',
  'assignedPlans',
  'authorizationInfo',
  'birthday',
  'businessPhones',
  'city',
  'companyName',
  'consentProvidedForMinor',
  'country',
  'createdDateTime',
  'creationType',
  'customSecurityAttributes',
  'department',
  'deviceEnrollmentLimit',
  'displayName',
  'employeeHireDate',
  'employeeId',
  'employeeLeaveDateTime',
  'employeeOrgData',
  'employeeType',
  'externalUserState',
  'externalUserStateChangeDateTime',
  'faxNumber',
  'givenName',
  'hireDate',
  'identities',
  'identityParentId',
  'imAddresses',
  'interests',
  'isManagementRestricted',
  'isResourceAccount',
  'jobTitle',
  'lastPasswordChangeDateTime',
  'legalAgeGroupClassification',
  'licenseAssignmentStates',
  'mail',
  'mailboxSettings',
  'mailNickname',
  'mobilePhone',
  'mySite',
  'officeLocation',
  'onPremisesDistinguishedName',
  'onPremisesDomainName',
  'onPremisesExtensionAttributes',
  'onPremisesImmutableId',
  'onPremisesLastSyncDateTime',
  'onPremisesProvisioningErrors',
  'onPremisesSamAccountName',
  'onPremisesSecurityIdentifier',
  'onPremisesSyncEnabled',
  'onPremisesUserPrincipalName',
  'otherMails',
  'passwordPolicies',
  'passwordProfile',
  'pastProjects',
  'postalCode',
  'preferredDataLocation',
  'preferredLanguage',
  'preferredName',
  'print',
  'provisionedPlans',
  'proxyAddresses',
  'responsibilities',
  'schools',
  'securityIdentifier',
  'serviceProvisioningErrors',
  'showInAddressList',
  'signInActivity',
  'signInSessionsValidFromDateTime',
  'skills',
  'state',
  'streetAddress',
  'surname',
  'usageLocation',
  'userPrincipalName',
  'userType',
] as const;

const known = new Map(userProperties.map((p) => [p.toLowerCase(), p as string]));

export const defaultUserSelect = [
  'businessPhones',
  'displayName',
  'givenName',
  'id',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
];

/** Returned only when reading a single user; on /users they give 501 (graph.md A1). */
export const singleUserOnly = new Set([
  'aboutMe',
  'birthday',
  'hireDate',
  'interests',
  'mySite',
  'pastProjects',
  'preferredName',
  'responsibilities',
  'schools',
  'skills',
  'mailboxSettings',
  'print',
]);

const collections = new Set([
  'assignedLicenses',
  'assignedPlans',
  'businessPhones',
  'identities',
  'imAddresses',
  'interests',
  'licenseAssignmentStates',
  'onPremisesProvisioningErrors',
  'otherMails',
  'pastProjects',
  'provisionedPlans',
  'proxyAddresses',
  'responsibilities',
  'schools',
  'serviceProvisioningErrors',
  'skills',
]);

const nonNullableDefaults: Record<string, unknown> = {
  birthday: '0001-01-01T08:00:00Z',
  hireDate: '0001-01-01T08:00:00Z',
  deviceEnrollmentLimit: 5,
};

/** The canonical spelling of a property name ($select is case-insensitive), or undefined. */
export function canonicalUserProperty(name: string): string | undefined {
  return known.get(name.toLowerCase());
}

function propertyValue(user: UserRecord, property: string): unknown {
  if (property === 'id') return user.id;
  if (property === 'passwordProfile') {
    // SAFETY: the password itself is never returned, whatever was set.
    return {
      password: null,
      forceChangePasswordNextSignIn: user.hidden.forceChangePasswordNextSignIn,
      forceChangePasswordNextSignInWithMfa: user.hidden.forceChangePasswordNextSignInWithMfa,
    };
  }
  if (property === 'signInActivity') {
    const s = user.props.signInActivity as Record<string, unknown> | null | undefined;
    if (!s) return null;
    return {
      lastSignInDateTime: s.lastSignInDateTime ?? null,
      lastSignInRequestId: s.lastSignInDateTime ? `${user.id.slice(0, 8)}-sign-in` : null,
      lastNonInteractiveSignInDateTime: s.lastNonInteractiveSignInDateTime ?? null,
      lastNonInteractiveSignInRequestId: null,
      lastSuccessfulSignInDateTime: s.lastSignInDateTime ?? null,
      lastSuccessfulSignInRequestId: null,
    };
  }
  if (property in user.props) return user.props[property];
  if (property === 'mailNickname') return String(user.props.userPrincipalName).split('@')[0] ?? null;
  if (property in nonNullableDefaults) return nonNullableDefaults[property];
  return collections.has(property) ? [] : null;
}

export function projectUser(user: UserRecord, select: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of select) out[p] = propertyValue(user, p);
  return out;
}

/** Values used by $filter: every stored property plus the id. */
export function filterView(user: UserRecord): Record<string, unknown> {
  return { ...user.props, id: user.id };
}
