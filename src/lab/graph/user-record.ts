// Builds a user record from a compact description: used by the seed, the lab sync and the
// control API's seedUsers.
import { isoInstant } from './emulator-clock.ts';
import { hashPassword, newSalt, stableGuid, type AuthMethodRecord, type UserRecord } from './tenant-state.ts';

export const PASSWORD_METHOD_ID = '28c10230-6103-485e-b985-444c60001490';

export const PHONE_METHOD_ID = {
  mobile: '3179e48a-750b-4051-897c-87b9720928f7',
  alternateMobile: 'b6332ec1-7057-4abe-9331-3d72feddfe41',
  office: 'e37fc753-ff3b-4958-9484-eaa9425c82bc',
} as const;

export interface SeedUser {
  id?: string;
  userPrincipalName: string;
  displayName?: string;
  givenName?: string;
  surname?: string;
  mail?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  accountEnabled?: boolean;
  userType?: 'Member' | 'Guest';
  password?: string;
  passwordPolicies?: string | null;
  createdDateTime?: string;
  lastPasswordChangeDateTime?: string;
  onPremises?: {
    immutableId: string;
    securityIdentifier: string;
    samAccountName: string;
    distinguishedName: string;
    domainName: string;
    userPrincipalName?: string;
  };
  activeRoles?: string[];
  eligibleRoles?: string[];
  /** registered methods, named as userRegistrationDetails.methodsRegistered */
  methods?: string[];
  ssprRegistered?: boolean;
  signInActivity?: { lastSignInDateTime: string | null; lastNonInteractiveSignInDateTime?: string | null } | null;
}

const methodTypes: Record<string, (upn: string, created: string) => AuthMethodRecord> = {
  // Phone method ids are fixed per phone type (phoneAuthenticationMethod resource,
  // https://learn.microsoft.com/en-us/graph/api/resources/phoneauthenticationmethod).
  mobilePhone: () => ({
    id: PHONE_METHOD_ID.mobile,
    odataType: 'phoneAuthenticationMethod',
    createdDateTime: null,
    properties: { phoneNumber: '+1 5550100000', phoneType: 'mobile', smsSignInState: 'notAllowedByPolicy' },
  }),
  alternateMobilePhone: () => ({
    id: PHONE_METHOD_ID.alternateMobile,
    odataType: 'phoneAuthenticationMethod',
    createdDateTime: null,
    properties: { phoneNumber: '+1 5550100001', phoneType: 'alternateMobile', smsSignInState: 'notAllowedByPolicy' },
  }),
  officePhone: () => ({
    id: PHONE_METHOD_ID.office,
    odataType: 'phoneAuthenticationMethod',
    createdDateTime: null,
    properties: { phoneNumber: '+1 5550100002', phoneType: 'office', smsSignInState: 'notAllowedByPolicy' },
  }),
  microsoftAuthenticatorPush: (upn, c) => ({
    id: stableGuid(`authenticator:${upn}`),
    odataType: 'microsoftAuthenticatorAuthenticationMethod',
    createdDateTime: c,
    properties: { displayName: 'Lab phone', deviceTag: 'SoftwareTokenActivated', phoneAppVersion: '6.2401.0119' },
  }),
  fido2: (upn, c) => ({
    id: stableGuid(`fido2:${upn}`),
    odataType: 'fido2AuthenticationMethod',
    createdDateTime: c,
    properties: {
      displayName: 'Security key',
      aaGuid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8',
      model: 'YubiKey 5',
      attestationLevel: 'attested',
    },
  }),
  softwareOneTimePasscode: (upn, c) => ({
    id: stableGuid(`oath:${upn}`),
    odataType: 'softwareOathAuthenticationMethod',
    createdDateTime: c,
    properties: { secretKey: null },
  }),
  email: (upn, c) => ({
    id: stableGuid(`email:${upn}`),
    odataType: 'emailAuthenticationMethod',
    createdDateTime: c,
    properties: { emailAddress: `recovery.${upn.split('@')[0]}@example.net` },
  }),
  // a newer kind (QR code + PIN sign-in) that Reclaim's connector has no collection for
  qrCodePin: (upn, c) => ({
    id: stableGuid(`qr:${upn}`),
    odataType: 'qrCodePinAuthenticationMethod',
    createdDateTime: c,
    properties: {},
  }),
  windowsHelloForBusiness: (upn, c) => ({
    id: stableGuid(`whfb:${upn}`),
    odataType: 'windowsHelloForBusinessAuthenticationMethod',
    createdDateTime: c,
    properties: { displayName: 'LAB-PC', keyStrength: 'normal' },
  }),
};

export const knownMethodNames = Object.keys(methodTypes);

export function methodRecordsFor(upn: string, names: readonly string[], createdIso: string): AuthMethodRecord[] {
  const records: AuthMethodRecord[] = [
    {
      id: PASSWORD_METHOD_ID,
      odataType: 'passwordAuthenticationMethod',
      createdDateTime: createdIso,
      properties: { password: null },
    },
  ];
  for (const name of names) {
    const make = methodTypes[name];
    if (!make) throw new Error(`unknown authentication method '${name}' (known: ${knownMethodNames.join(', ')})`);
    records.push(make(upn, createdIso));
  }
  return records;
}

export function buildUserRecord(seed: SeedUser, nowMs: number): UserRecord {
  const created = seed.createdDateTime ?? isoInstant(nowMs);
  const local = seed.userPrincipalName.split('@')[0] ?? seed.userPrincipalName;
  const salt = newSalt();
  const op = seed.onPremises;
  const methods = seed.methods ?? [];
  return {
    id: seed.id ?? stableGuid(`user:${seed.userPrincipalName.toLowerCase()}`),
    props: {
      userPrincipalName: seed.userPrincipalName,
      displayName: seed.displayName ?? local,
      givenName: seed.givenName ?? null,
      surname: seed.surname ?? null,
      mail: seed.mail === undefined ? seed.userPrincipalName : seed.mail,
      jobTitle: seed.jobTitle ?? null,
      department: seed.department ?? null,
      businessPhones: [],
      mobilePhone: null,
      officeLocation: null,
      preferredLanguage: null,
      accountEnabled: seed.accountEnabled ?? true,
      userType: seed.userType ?? 'Member',
      createdDateTime: created,
      passwordPolicies: seed.passwordPolicies ?? null,
      lastPasswordChangeDateTime: seed.lastPasswordChangeDateTime ?? created,
      signInSessionsValidFromDateTime: created,
      onPremisesSyncEnabled: op ? true : null,
      onPremisesImmutableId: op?.immutableId ?? null,
      onPremisesSecurityIdentifier: op?.securityIdentifier ?? null,
      onPremisesSamAccountName: op?.samAccountName ?? null,
      onPremisesDistinguishedName: op?.distinguishedName ?? null,
      onPremisesDomainName: op?.domainName ?? null,
      onPremisesUserPrincipalName: op ? (op.userPrincipalName ?? seed.userPrincipalName) : null,
      onPremisesLastSyncDateTime: op ? created : null,
      signInActivity: seed.signInActivity === undefined ? { lastSignInDateTime: created } : seed.signInActivity,
    },
    hidden: {
      passwordSalt: salt,
      passwordHash: seed.password ? hashPassword(seed.password, salt) : null,
      forceChangePasswordNextSignIn: false,
      forceChangePasswordNextSignInWithMfa: false,
      cloudPasswordOverride: false,
      methods: methodRecordsFor(seed.userPrincipalName, methods, created),
      activeRoles: [...(seed.activeRoles ?? [])],
      eligibleRoles: [...(seed.eligibleRoles ?? [])],
      registration: {
        isSsprRegistered: seed.ssprRegistered ?? methods.length > 0,
        isSsprEnabled: true,
        isMfaRegistered: methods.some((m) => m !== 'email'),
        isPasswordlessCapable: methods.some((m) => m === 'fido2' || m === 'windowsHelloForBusiness'),
        methodsRegistered: [...methods],
      },
      passwordChanges: 0,
    },
  };
}
