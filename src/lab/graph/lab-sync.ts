// The lab-only sync cycle: mirrors the Samba lab's users into the tenant the way Entra Connect with
// password hash sync (PHS) does, so a test can prove which password signs in to the cloud.
// Following https://learn.microsoft.com/en-us/entra/identity/hybrid/connect/how-to-connect-password-hash-synchronization:
// - immutableId = base64 of the objectGUID bytes, onPremisesSecurityIdentifier = the SID string,
//   accountEnabled from userAccountControl;
// - a password change is detected as Connect detects it, through replication: a new originating
//   write of unicodePwd (its replication metadata version), never from pwdLastSet. The new NT hash
//   then replaces the cloud password ("When you synchronize a password, it overwrites the existing
//   cloud password"), a cloud override included, and passwordPolicies becomes
//   DisablePasswordExpiration (CloudPasswordPolicyForPasswordSyncedUsersEnabled off, the default);
// - "must change at next logon" (pwdLastSet=0) reaches the cloud ONLY together with a detected
//   password change, and only with the ForcePasswordChangeOnLogOn feature ("Forcing a user to change
//   their password on next logon requires a password change at the same time. Connect will not pick
//   up the force password change flag by itself"), and not when the password never expires in AD;
// - a new user created with must-change is provisioned with force-change whatever the feature.
// A cycle runs when a test (or POST /_emulator/sync-from-ad) asks: the lab's "every 2 minutes".
import type { Client } from 'ldapts';
import { readLabInfo, readLabPassword, type LabInfo } from '../samba/lab-info.ts';
import { values, withLabClient } from '../samba/lab-ldap-client.ts';
import { readNtHashes } from '../samba/read-nt-hashes.ts';
import { sidToString } from '../samba/sid-string.ts';
import { unicodePwdMetadata, type PasswordMetadata } from '../samba/unicode-pwd-metadata.ts';
import { decodeGuid } from '../../directories/ad/sid.ts';
import type { EmulatorClock } from './emulator-clock.ts';
import { isoInstant } from './emulator-clock.ts';
import type { SyncReport } from './emulator-control.ts';
import type { EmulatorHooks } from './route-context.ts';
import { hashOfNtHash, type TenantState, type UserRecord } from './tenant-state.ts';
import { buildUserRecord } from './user-record.ts';

export interface AdUser {
  objectGuid: Buffer;
  objectSid: Buffer;
  samAccountName: string;
  userPrincipalName: string | undefined;
  displayName: string | undefined;
  givenName: string | undefined;
  surname: string | undefined;
  mail: string | undefined;
  distinguishedName: string;
  userAccountControl: number;
  pwdLastSet: string;
  /** unicodePwd's replication metadata; undefined for an account that never had a password */
  password: PasswordMetadata | undefined;
}

export interface SyncFeatures {
  /** Connect's ForcePasswordChangeOnLogOn (userForcePasswordChangeOnLogonEnabled) */
  forceChangeOnLogOn: boolean;
}

const UF_ACCOUNTDISABLE = 0x2;
const UF_DONT_EXPIRE_PASSWD = 0x10000;

export async function readAdUsers(info: LabInfo, scope: readonly string[] = []): Promise<AdUser[]> {
  const dc = info.dcs[0];
  if (!dc) throw new Error(`the lab in ${info.labDir} lists no domain controller`);
  const bind = { url: dc.url, caFile: info.caFile, bindName: info.admin.upn, password: readLabPassword(info.admin) };
  return withLabClient(bind, async (client) => {
    const users: AdUser[] = [];
    for (const base of scope.length > 0 ? scope : [info.baseDn]) users.push(...(await readUnder(client, base)));
    return users;
  });
}

async function readUnder(client: Client, base: string): Promise<AdUser[]> {
  // Entra Connect does not sync critical system objects (Administrator, Guest, krbtgt).
  const { searchEntries } = await client.search(base, {
    scope: 'sub',
    filter: '(&(objectCategory=person)(objectClass=user)(!(isCriticalSystemObject=TRUE)))',
    attributes: [
      'objectGUID',
      'objectSid',
      'sAMAccountName',
      'userPrincipalName',
      'displayName',
      'givenName',
      'sn',
      'mail',
      'distinguishedName',
      'userAccountControl',
      'pwdLastSet',
      'replPropertyMetaData',
    ],
    explicitBufferAttributes: ['objectGUID', 'objectSid', 'replPropertyMetaData'],
    paged: { pageSize: 500 },
  });
  return searchEntries.map((e) => ({
    objectGuid: e.objectGUID as Buffer,
    objectSid: e.objectSid as Buffer,
    samAccountName: values(e.sAMAccountName)[0] ?? '',
    userPrincipalName: values(e.userPrincipalName)[0],
    displayName: values(e.displayName)[0],
    givenName: values(e.givenName)[0],
    surname: values(e.sn)[0],
    mail: values(e.mail)[0],
    distinguishedName: e.dn,
    userAccountControl: Number(values(e.userAccountControl)[0] ?? '512'),
    pwdLastSet: values(e.pwdLastSet)[0] ?? '0',
    password: unicodePwdMetadata(e.replPropertyMetaData as Buffer | undefined),
  }));
}

/** The AD users whose password the cloud has not seen yet (new to the tenant, or a newer version). */
export function passwordsToFetch(tenant: TenantState, adUsers: readonly AdUser[]): AdUser[] {
  const seen = new Map<string, UserRecord>();
  for (const u of tenant.users.values()) if (u.hidden.labSync) seen.set(String(u.props.onPremisesImmutableId), u);
  return adUsers.filter(
    (ad) =>
      ad.password !== undefined &&
      seen.get(ad.objectGuid.toString('base64'))?.hidden.labSync?.passwordVersion !== ad.password.version,
  );
}

function carryPassword(
  user: UserRecord,
  ad: AdUser,
  nt: Buffer | undefined,
  nowMs: number,
  features: SyncFeatures,
): void {
  const hidden = user.hidden;
  if (nt) hidden.passwordHash = hashOfNtHash(nt, hidden.passwordSalt);
  hidden.cloudPasswordOverride = false;
  hidden.passwordChanges += 1;
  user.props.lastPasswordChangeDateTime = isoInstant(ad.password?.changedMs ?? nowMs);
  user.props.passwordPolicies = 'DisablePasswordExpiration';
  const mustChange = ad.pwdLastSet === '0' && (ad.userAccountControl & UF_DONT_EXPIRE_PASSWD) === 0;
  // The flag rides on the detected change only with the feature; a change without it clears the
  // cloud's demand (the password the flag asked for has been set).
  hidden.forceChangePasswordNextSignIn = features.forceChangeOnLogOn && mustChange;
  hidden.forceChangePasswordNextSignInWithMfa = false;
}

export function applyAdUsers(
  tenant: TenantState,
  adUsers: AdUser[],
  hashes: ReadonlyMap<string, Buffer>,
  nowMs: number,
  realm: string,
  features: SyncFeatures,
  hooks: EmulatorHooks,
): SyncReport {
  const report: SyncReport = { created: 0, updated: 0, passwordChangesCarried: 0, users: adUsers.length };
  const domain = realm.toLowerCase();
  const seen = new Set<string>();
  const now = isoInstant(nowMs);
  const byImmutableId = new Map([...tenant.users.values()].map((u) => [String(u.props.onPremisesImmutableId), u]));
  for (const ad of adUsers) {
    const immutableId = ad.objectGuid.toString('base64');
    seen.add(immutableId);
    const upn = ad.userPrincipalName ?? `${ad.samAccountName}@${domain}`;
    const nt = hashes.get(decodeGuid(ad.objectGuid));
    const version = ad.password?.version ?? 0;
    const existing = byImmutableId.get(immutableId);
    if (!existing) {
      const record = buildUserRecord(
        {
          userPrincipalName: upn,
          displayName: ad.displayName ?? ad.samAccountName,
          givenName: ad.givenName,
          surname: ad.surname,
          mail: ad.mail ?? null,
          accountEnabled: (ad.userAccountControl & UF_ACCOUNTDISABLE) === 0,
          lastPasswordChangeDateTime: now,
          methods: [],
          onPremises: {
            immutableId,
            securityIdentifier: sidToString(ad.objectSid),
            samAccountName: ad.samAccountName,
            distinguishedName: ad.distinguishedName,
            domainName: domain,
          },
        },
        nowMs,
      );
      if (ad.password) carryPassword(record, ad, nt, nowMs, features);
      record.hidden.passwordChanges = 0;
      // "A new user created in Active Directory with 'User must change password at next logon' flag
      // will always be provisioned ... with 'Force change password on next sign-in', irrespective of
      // the ForcePasswordChangeOnLogOn feature."
      record.hidden.forceChangePasswordNextSignIn = ad.pwdLastSet === '0';
      record.hidden.labSync = { pwdLastSet: ad.pwdLastSet, passwordVersion: version };
      tenant.addUser(record);
      report.created += 1;
      continue;
    }
    if (String(existing.props.userPrincipalName).toLowerCase() !== upn.toLowerCase()) tenant.renameUpn(existing, upn);
    existing.props.displayName = ad.displayName ?? ad.samAccountName;
    existing.props.accountEnabled = (ad.userAccountControl & UF_ACCOUNTDISABLE) === 0;
    existing.props.onPremisesDistinguishedName = ad.distinguishedName;
    existing.props.onPremisesSamAccountName = ad.samAccountName;
    existing.props.onPremisesLastSyncDateTime = now;
    if (ad.password && existing.hidden.labSync?.passwordVersion !== version) {
      carryPassword(existing, ad, nt, nowMs, features);
      report.passwordChangesCarried += 1;
      hooks.onPasswordChanged?.(existing, 'sync');
    }
    // SAFETY (of the model): a new pwdLastSet with the same unicodePwd version (pwdLastSet=0 on the
    // old password) is NOT a password change; the cloud keeps accepting the old password.
    existing.hidden.labSync = { pwdLastSet: ad.pwdLastSet, passwordVersion: version };
    report.updated += 1;
  }
  // Objects deleted (or moved out of the sync scope) on-prem disappear from the tenant on the next cycle.
  for (const user of [...tenant.users.values()]) {
    if (user.hidden.labSync && !seen.has(String(user.props.onPremisesImmutableId))) tenant.users.delete(user.id);
  }
  tenant.onPremisesLastSyncMs = nowMs;
  return report;
}

export async function syncFromLab(
  tenant: TenantState,
  clock: EmulatorClock,
  labInfo: unknown,
  hooks: EmulatorHooks,
  features: SyncFeatures,
  scope: readonly string[] = [],
): Promise<SyncReport> {
  const info = (labInfo as LabInfo | undefined) ?? readLabInfo();
  const adUsers = await readAdUsers(info, scope);
  const changed = passwordsToFetch(tenant, adUsers);
  const hashes =
    changed.length === 0
      ? new Map<string, Buffer>()
      : await readNtHashes(
          info,
          changed.map((u) => decodeGuid(u.objectGuid)),
        );
  return applyAdUsers(tenant, adUsers, hashes, clock.now(), info.realm, features, hooks);
}
