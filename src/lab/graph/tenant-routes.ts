// Tenant-level reads (graph.md A7, A11): organization, on-premises sync features, Conditional
// Access policies (their own 1 request/s bucket) and authentication strengths.
import { isoInstant } from './emulator-clock.ts';
import { json, type GraphResponse } from './graph-request.ts';
import { ROLE, roleTemplates } from './role-templates.ts';
import { contextUrl, denied, hasAnyPermission, type RouteContext } from './route-context.ts';
import { selectFields } from './select-fields.ts';

const orgRead = [
  'Organization.Read.All',
  'Directory.Read.All',
  'Organization.ReadWrite.All',
  'Directory.ReadWrite.All',
];
const syncRead = [
  'OnPremDirectorySynchronization.Read.All',
  'OnPremDirectorySynchronization.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
const policyRead = ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess', 'Policy.ReadWrite.AuthenticationMethod'];

export function getOrganization(ctx: RouteContext): GraphResponse {
  if (!hasAnyPermission(ctx.caller, orgRead)) return denied();
  const sync = ctx.settings.dirSync.enabled;
  const org = {
    id: ctx.tenant.tenantId,
    deletedDateTime: null,
    assignedPlans: [],
    businessPhones: [],
    city: null,
    country: null,
    countryLetterCode: 'US',
    createdDateTime: '2019-03-01T09:00:00Z',
    defaultUsageLocation: null,
    displayName: 'Reclaim Lab',
    marketingNotificationEmails: [],
    mobileDeviceManagementAuthority: 'unknown',
    onPremisesLastSyncDateTime:
      sync && ctx.tenant.onPremisesLastSyncMs !== null ? isoInstant(ctx.tenant.onPremisesLastSyncMs) : null,
    // true when directory sync is on, null when it never was (graph.md A7)
    onPremisesSyncEnabled: sync ? true : null,
    partnerTenantType: null,
    postalCode: null,
    preferredLanguage: 'en',
    privacyProfile: null,
    provisionedPlans: [],
    securityComplianceNotificationMails: [],
    securityComplianceNotificationPhones: [],
    state: null,
    street: null,
    technicalNotificationMails: [],
    tenantType: 'AAD',
    verifiedDomains: ctx.tenant.domains.map((d) => ({
      capabilities: 'Email, OfficeCommunicationsOnline',
      isDefault: d.isDefault,
      isInitial: d.name.endsWith('.onmicrosoft.com'),
      name: d.name,
      type: ctx.settings.federatedDomains.includes(d.name) ? 'Federated' : 'Managed',
    })),
  };
  return json(200, { '@odata.context': contextUrl(ctx, 'organization'), value: [selectFields(org, ctx.req.query)] });
}

export function getOnPremisesSynchronization(ctx: RouteContext): GraphResponse {
  if (!hasAnyPermission(ctx.caller, syncRead)) return denied();
  const f = ctx.settings.dirSync;
  const features = {
    allowOnPremUpdateOfOnPremisesObjectIdentifierEnabled: false,
    blockCloudObjectTakeoverThroughHardMatchEnabled: false,
    blockSoftMatchEnabled: false,
    bypassDirSyncOverridesEnabled: false,
    cloudPasswordPolicyForPasswordSyncedUsersEnabled: false,
    concurrentCredentialUpdateEnabled: false,
    concurrentOrgIdProvisioningEnabled: true,
    deviceWritebackEnabled: false,
    directoryExtensionsEnabled: false,
    fopeConflictResolutionEnabled: false,
    groupWriteBackEnabled: false,
    passwordSyncEnabled: f.enabled && f.passwordSyncEnabled,
    // "This property isn't in use": the real writeback state is hidden (settings.passwordWriteback).
    passwordWritebackEnabled: false,
    quarantineUponProxyAddressesConflictEnabled: true,
    quarantineUponUpnConflictEnabled: true,
    softMatchOnUpnEnabled: true,
    synchronizeUpnForManagedUsersEnabled: true,
    unifiedGroupWritebackEnabled: false,
    userForcePasswordChangeOnLogonEnabled: f.enabled && f.userForcePasswordChangeOnLogonEnabled,
    userWritebackEnabled: false,
  };
  const value = {
    id: ctx.tenant.tenantId,
    configuration: {
      accidentalDeletionPrevention: { synchronizationPreventionType: 'enabledForCount', alertThreshold: 500 },
    },
    features,
  };
  return json(200, { '@odata.context': contextUrl(ctx, 'directory/onPremisesSynchronization'), value: [value] });
}

const created = '2023-01-10T08:00:00Z';

export const authenticationStrengths = [
  {
    id: '00000000-0000-0000-0000-000000000002',
    displayName: 'Multifactor authentication',
    description: 'Combinations of methods that satisfy strong authentication, such as a password + SMS',
    policyType: 'builtIn',
    requirementsSatisfied: 'mfa',
    createdDateTime: created,
    modifiedDateTime: created,
    allowedCombinations: [
      'windowsHelloForBusiness',
      'fido2',
      'x509CertificateMultiFactor',
      'deviceBasedPush',
      'temporaryAccessPassOneTime',
      'temporaryAccessPassMultiUse',
      'password,microsoftAuthenticatorPush',
      'password,softwareOath',
      'password,hardwareOath',
      'password,sms',
      'password,voice',
      'federatedMultiFactor',
      'microsoftAuthenticatorPush,federatedSingleFactor',
      'softwareOath,federatedSingleFactor',
      'hardwareOath,federatedSingleFactor',
      'sms,federatedSingleFactor',
      'voice,federatedSingleFactor',
    ],
  },
  {
    id: '00000000-0000-0000-0000-000000000003',
    displayName: 'Passwordless MFA',
    description:
      'Passwordless methods that satisfy strong authentication, such as Passwordless sign-in with the Microsoft Authenticator',
    policyType: 'builtIn',
    requirementsSatisfied: 'mfa',
    createdDateTime: created,
    modifiedDateTime: created,
    allowedCombinations: ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor', 'deviceBasedPush'],
  },
  {
    id: '00000000-0000-0000-0000-000000000004',
    displayName: 'Phishing-resistant MFA',
    description:
      'Phishing-resistant, Passwordless methods for the strongest authentication, such as a FIDO2 security key',
    policyType: 'builtIn',
    requirementsSatisfied: 'mfa',
    createdDateTime: created,
    modifiedDateTime: created,
    allowedCombinations: ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor'],
  },
];

function caPolicies(ctx: RouteContext) {
  const breakGlass = [...ctx.tenant.users.values()]
    .filter((u) => String(u.props.userPrincipalName).startsWith('breakglass'))
    .map((u) => u.id);
  const users = (u: Partial<Record<string, string[]>>) => ({
    includeUsers: [],
    excludeUsers: [],
    includeGroups: [],
    excludeGroups: [],
    includeRoles: [],
    excludeRoles: [],
    ...u,
  });
  const grant = (builtInControls: string[], authenticationStrength: unknown = null) => ({
    operator: 'OR',
    builtInControls,
    customAuthenticationFactors: [],
    termsOfUse: [],
    authenticationStrength,
  });
  const base = (id: string, displayName: string, state: string, conditions: unknown, grantControls: unknown) => ({
    id,
    templateId: null,
    displayName,
    createdDateTime: created,
    modifiedDateTime: null,
    deletedDateTime: null,
    description: null,
    state,
    sessionControls: null,
    conditions,
    grantControls,
  });
  const apps = {
    includeApplications: ['All'],
    excludeApplications: [],
    includeUserActions: [],
    includeAuthenticationContextClassReferences: [],
  };
  const privileged = roleTemplates.filter((r) => r.privileged).map((r) => r.id);
  return [
    base(
      '5f2c6e8a-1b7d-4c3e-9a0f-2d4b6c8e0a11',
      'Require phishing-resistant MFA for administrators',
      'enabled',
      {
        users: users({ includeRoles: privileged, excludeUsers: breakGlass }),
        applications: apps,
        clientAppTypes: ['all'],
        platforms: null,
        locations: null,
        signInRiskLevels: [],
        userRiskLevels: [],
      },
      grant([], authenticationStrengths[2]),
    ),
    base(
      '7a1e3c5b-2d4f-4e6a-8b0c-1e3f5a7c9b22',
      'Require MFA for all users',
      'enabledForReportingButNotEnforced',
      {
        users: users({ includeUsers: ['All'], excludeUsers: breakGlass, excludeRoles: [ROLE.directorySyncAccounts] }),
        applications: apps,
        clientAppTypes: ['all'],
        platforms: null,
        locations: null,
        signInRiskLevels: [],
        userRiskLevels: [],
      },
      grant(['mfa']),
    ),
    base(
      '9c3a5e7d-4f6b-4a8c-8d2e-3a5c7e9f1d33',
      'Block legacy authentication',
      'enabled',
      {
        users: users({ includeUsers: ['All'], excludeUsers: breakGlass }),
        applications: apps,
        clientAppTypes: ['exchangeActiveSync', 'other'],
        platforms: null,
        locations: null,
        signInRiskLevels: [],
        userRiskLevels: [],
      },
      grant(['block']),
    ),
  ];
}

export function listConditionalAccessPolicies(ctx: RouteContext): GraphResponse {
  if (!hasAnyPermission(ctx.caller, [...policyRead, 'Policy.Read.ConditionalAccess'])) return denied();
  return json(200, {
    '@odata.context': contextUrl(ctx, 'identity/conditionalAccess/policies'),
    value: caPolicies(ctx).map((p) => selectFields(p, ctx.req.query)),
  });
}

export function listAuthenticationStrengths(ctx: RouteContext): GraphResponse {
  if (!hasAnyPermission(ctx.caller, [...policyRead, 'Policy.Read.AuthenticationMethod'])) return denied();
  return json(200, {
    '@odata.context': contextUrl(ctx, 'policies/authenticationStrengthPolicies'),
    value: authenticationStrengths.map((p) => selectFields(p, ctx.req.query)),
  });
}
