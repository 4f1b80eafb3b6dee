// The deterministic lab tenant: app registrations for Reclaim (with and without the roles a reset
// needs), cloud-only users, admins with active and PIM-eligible roles, a guest, a disabled user, a
// user in a federated domain, and a few synthetic synced users so the hybrid rules can be tested
// without the Samba lab (lab-sync adds the real mirror of the lab's domain).
import { appCredentials } from './app-credentials.ts';
import { ROLE } from './role-templates.ts';
import { stableGuid, type TenantState, type AppRegistration } from './tenant-state.ts';
import { buildUserRecord, type SeedUser } from './user-record.ts';

export const LAB_TENANT_ID = '7f3c2b9e-5d41-4a8e-9c6b-1e2f3a4b5c6d';
export const CLOUD_DOMAIN = 'reclaimlab.onmicrosoft.com';
export const SYNCED_DOMAIN = 'lab.example';
export const FEDERATED_DOMAIN = 'fed.lab.example';

const operatorPermissions = [
  'User.Read.All',
  'User-PasswordProfile.ReadWrite.All',
  'User.EnableDisableAccount.All',
  'User.RevokeSessions.All',
  'UserAuthMethod-TAP.ReadWrite.All',
  'UserAuthenticationMethod.Read.All',
  'AuditLog.Read.All',
  'RoleManagement.Read.Directory',
  'RoleEligibilitySchedule.Read.Directory',
  'Policy.Read.All',
  'Policy.Read.AuthenticationMethod',
  'OnPremDirectorySynchronization.Read.All',
  'Organization.Read.All',
  'Directory.Read.All',
  'GroupMember.Read.All',
  'PrivilegedEligibilitySchedule.Read.AzureADGroup',
];
const delegatedScopes = [
  'User.Read',
  'User.Read.All',
  'UserAuthenticationMethod.ReadWrite.All',
  'User.ReadWrite.All',
  'Policy.ReadWrite.AuthenticationMethod',
];

const appSpecs: Array<
  Omit<AppRegistration, 'clientId' | 'servicePrincipalId' | 'clientSecret' | 'certificatePem' | 'privateKeyPem'>
> = [
  // The operator app a mass reset uses: resets non-admins (User Administrator, Authentication Administrator).
  {
    name: 'reclaim',
    permissions: operatorPermissions,
    delegatedScopes,
    directoryRoles: [ROLE.userAdmin, ROLE.authAdmin],
  },
  // The same, able to reset admins too (Privileged Authentication Administrator): a very powerful grant.
  {
    name: 'reclaim-privileged',
    permissions: operatorPermissions,
    delegatedScopes,
    directoryRoles: [ROLE.privilegedAuthAdmin],
  },
  // Right permissions, no directory role: every reset is refused.
  { name: 'reclaim-norole', permissions: operatorPermissions, delegatedScopes, directoryRoles: [] },
  // Inventory only.
  { name: 'reclaim-readonly', permissions: ['User.Read.All'], delegatedScopes: ['User.Read'], directoryRoles: [] },
  // High assurance: may also remove users' authentication methods (UserAuthenticationMethod.ReadWrite.All).
  {
    name: 'reclaim-methods',
    permissions: [...operatorPermissions, 'UserAuthenticationMethod.ReadWrite.All'],
    delegatedScopes,
    directoryRoles: [ROLE.userAdmin, ROLE.authAdmin],
  },
  // User.ReadWrite.All with User Administrator: field reports say this alone may not write passwordProfile.
  { name: 'reclaim-userrw', permissions: ['User.ReadWrite.All'], delegatedScopes, directoryRoles: [ROLE.userAdmin] },
];

export function seedApps(state: TenantState, keepDir?: string): void {
  for (const spec of appSpecs) {
    const creds = appCredentials(spec.name, keepDir);
    state.apps.push({
      ...spec,
      clientId: stableGuid(`app:${spec.name}`),
      servicePrincipalId: stableGuid(`sp:${spec.name}`),
      ...creds,
    });
  }
}

const day = 86_400_000;

export function seedUsersList(nowMs: number, cloudUsers: number, syntheticSynced: boolean): SeedUser[] {
  const iso = (ago: number) => new Date(nowMs - ago).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const users: SeedUser[] = [
    {
      userPrincipalName: `ga.alice@${CLOUD_DOMAIN}`,
      displayName: 'Alice (Global Admin)',
      activeRoles: [ROLE.globalAdmin],
      methods: ['fido2', 'microsoftAuthenticatorPush'],
      password: 'Lab-Alice-2024!',
    },
    {
      userPrincipalName: `paa.bob@${CLOUD_DOMAIN}`,
      displayName: 'Bob (Privileged Auth Admin)',
      activeRoles: [ROLE.privilegedAuthAdmin],
      methods: ['microsoftAuthenticatorPush'],
      password: 'Lab-Bob-2024!',
    },
    {
      userPrincipalName: `ua.carol@${CLOUD_DOMAIN}`,
      displayName: 'Carol (User Admin)',
      activeRoles: [ROLE.userAdmin],
      methods: ['microsoftAuthenticatorPush', 'mobilePhone'],
      password: 'Lab-Carol-2024!',
    },
    {
      userPrincipalName: `hd.dave@${CLOUD_DOMAIN}`,
      displayName: 'Dave (Helpdesk Admin)',
      activeRoles: [ROLE.helpdeskAdmin],
      methods: ['mobilePhone'],
      password: 'Lab-Dave-2024!',
    },
    {
      userPrincipalName: `pim.erin@${CLOUD_DOMAIN}`,
      displayName: 'Erin (eligible Global Admin)',
      eligibleRoles: [ROLE.globalAdmin],
      methods: ['microsoftAuthenticatorPush'],
      password: 'Lab-Erin-2024!',
    },
    {
      userPrincipalName: `pim.frank@${CLOUD_DOMAIN}`,
      displayName: 'Frank (eligible Authentication Admin)',
      eligibleRoles: [ROLE.authAdmin],
      methods: ['softwareOneTimePasscode'],
      password: 'Lab-Frank-2024!',
    },
    {
      userPrincipalName: `breakglass01@${CLOUD_DOMAIN}`,
      displayName: 'Break Glass 01',
      activeRoles: [ROLE.globalAdmin],
      methods: ['fido2'],
      signInActivity: null,
    },
    {
      userPrincipalName: `partner_example.net#EXT#@${CLOUD_DOMAIN}`,
      displayName: 'Partner Guest',
      userType: 'Guest',
      mail: 'partner@example.net',
      methods: [],
    },
    {
      userPrincipalName: `disabled.gina@${CLOUD_DOMAIN}`,
      displayName: 'Gina (disabled)',
      accountEnabled: false,
      methods: [],
    },
    {
      userPrincipalName: `fed.henry@${FEDERATED_DOMAIN}`,
      displayName: 'Henry (federated domain)',
      methods: ['mobilePhone'],
    },
  ];
  for (let i = 1; i <= cloudUsers; i++) {
    const n = String(i).padStart(3, '0');
    const methods = i % 4 === 0 ? [] : i % 3 === 0 ? ['mobilePhone'] : ['microsoftAuthenticatorPush', 'mobilePhone'];
    users.push({
      userPrincipalName: `cloud.user${n}@${CLOUD_DOMAIN}`,
      displayName: `Cloud User ${n}`,
      givenName: 'Cloud',
      surname: `User ${n}`,
      department: i % 2 === 0 ? 'Sales' : 'Engineering',
      methods,
      password: `Lab-Cloud-${n}!`,
      lastPasswordChangeDateTime: iso((30 + i) * day),
      createdDateTime: iso(400 * day),
    });
  }
  if (syntheticSynced) {
    for (let i = 1; i <= 3; i++) {
      const sam = `hybrid.fixture${i}`;
      users.push({
        userPrincipalName: `${sam}@${SYNCED_DOMAIN}`,
        displayName: `Hybrid Fixture ${i}`,
        methods: ['mobilePhone'],
        onPremises: {
          immutableId: Buffer.from(stableGuid(`guid:${sam}`).replace(/-/g, ''), 'hex').toString('base64'),
          securityIdentifier: `S-1-5-21-1004336348-1177238915-682003330-${9000 + i}`,
          samAccountName: sam,
          distinguishedName: `CN=Hybrid Fixture ${i},OU=Fixtures,DC=lab,DC=example`,
          domainName: SYNCED_DOMAIN,
        },
      });
    }
  }
  return users;
}

export interface SeedOptions {
  cloudUsers?: number;
  syntheticSyncedUsers?: boolean;
  credentialsDir?: string;
}

export function seedTenant(state: TenantState, nowMs: number, options: SeedOptions = {}): void {
  state.clear();
  seedApps(state, options.credentialsDir);
  for (const seed of seedUsersList(nowMs, options.cloudUsers ?? 24, options.syntheticSyncedUsers ?? true)) {
    state.addUser(buildUserRecord(seed, nowMs));
  }
  state.onPremisesLastSyncMs = nowMs;
}

export function labDomains(): { name: string; isDefault: boolean }[] {
  return [
    { name: CLOUD_DOMAIN, isDefault: false },
    { name: SYNCED_DOMAIN, isDefault: true },
    { name: FEDERATED_DOMAIN, isDefault: false },
  ];
}
