// The lab-only sync step: mirrors the Samba lab's users into the tenant the way Entra Connect with
// password hash sync does. immutableId = base64 of the objectGUID bytes, onPremisesSecurityIdentifier
// = the SID string, accountEnabled from userAccountControl, lastPasswordChangeDateTime from
// pwdLastSet. Running it again carries AD password changes over (and drops a cloud override); a new
// pwdLastSet is taken as a password change, since the lab cannot read hashes as Entra Connect does.
import { readLabInfo, readLabPassword, type LabInfo } from '../samba/lab-info.ts';
import { values, withLabClient } from '../samba/lab-ldap-client.ts';
import { sidToString } from '../samba/sid-string.ts';
import type { EmulatorClock } from './emulator-clock.ts';
import { isoInstant } from './emulator-clock.ts';
import type { SyncReport } from './emulator-control.ts';
import type { EmulatorHooks } from './route-context.ts';
import type { TenantState } from './tenant-state.ts';
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
}

const FILETIME_EPOCH_OFFSET_MS = 11_644_473_600_000n;

/** pwdLastSet (100 ns ticks since 1601) as epoch milliseconds; undefined for 0 ("must change"). */
export function filetimeToMs(filetime: string): number | undefined {
  const ticks = BigInt(filetime || '0');
  if (ticks <= 0n) return undefined;
  return Number(ticks / 10_000n - FILETIME_EPOCH_OFFSET_MS);
}

export async function readAdUsers(info: LabInfo): Promise<AdUser[]> {
  const dc = info.dcs[0];
  if (!dc) throw new Error(`the lab in ${info.labDir} lists no domain controller`);
  const bind = { url: dc.url, caFile: info.caFile, bindName: info.admin.upn, password: readLabPassword(info.admin) };
  return withLabClient(bind, async (client) => {
    // Entra Connect does not sync critical system objects (Administrator, Guest, krbtgt).
    const { searchEntries } = await client.search(info.baseDn, {
      scope: 'sub',
      filter: '(&(objectCategory=person)(objectClass=user)(!(isCriticalSystemObject=TRUE)))',
      attributes: ['objectGUID', 'objectSid', 'sAMAccountName', 'userPrincipalName', 'displayName', 'givenName', 'sn', 'mail',
        'distinguishedName', 'userAccountControl', 'pwdLastSet'],
      explicitBufferAttributes: ['objectGUID', 'objectSid'],
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
    }));
  });
}

export function applyAdUsers(tenant: TenantState, adUsers: AdUser[], nowMs: number, realm: string, forceChangeFeature: boolean, hooks: EmulatorHooks): SyncReport {
  const report: SyncReport = { created: 0, updated: 0, passwordChangesCarried: 0, users: adUsers.length };
  const domain = realm.toLowerCase();
  const seen = new Set<string>();
  const now = isoInstant(nowMs);
  const byImmutableId = new Map([...tenant.users.values()].map((u) => [String(u.props.onPremisesImmutableId), u]));
  for (const ad of adUsers) {
    const immutableId = ad.objectGuid.toString('base64');
    seen.add(immutableId);
    const upn = ad.userPrincipalName ?? `${ad.samAccountName}@${domain}`;
    const changedMs = filetimeToMs(ad.pwdLastSet);
    const existing = byImmutableId.get(immutableId);
    if (!existing) {
      const record = buildUserRecord({
        userPrincipalName: upn, displayName: ad.displayName ?? ad.samAccountName, givenName: ad.givenName, surname: ad.surname,
        mail: ad.mail ?? null, accountEnabled: (ad.userAccountControl & 2) === 0,
        lastPasswordChangeDateTime: changedMs === undefined ? now : isoInstant(changedMs), methods: [],
        onPremises: {
          immutableId, securityIdentifier: sidToString(ad.objectSid), samAccountName: ad.samAccountName,
          distinguishedName: ad.distinguishedName, domainName: domain,
        },
      }, nowMs);
      record.hidden.labSync = { pwdLastSet: ad.pwdLastSet };
      record.hidden.forceChangePasswordNextSignIn = forceChangeFeature && changedMs === undefined;
      tenant.addUser(record);
      report.created += 1;
      continue;
    }
    if (String(existing.props.userPrincipalName).toLowerCase() !== upn.toLowerCase()) tenant.renameUpn(existing, upn);
    existing.props.displayName = ad.displayName ?? ad.samAccountName;
    existing.props.accountEnabled = (ad.userAccountControl & 2) === 0;
    existing.props.onPremisesDistinguishedName = ad.distinguishedName;
    existing.props.onPremisesSamAccountName = ad.samAccountName;
    existing.props.onPremisesLastSyncDateTime = now;
    const previous = existing.hidden.labSync?.pwdLastSet;
    if (previous !== ad.pwdLastSet) {
      if (changedMs !== undefined) {
        // Password hash sync: the on-prem password wins again over any cloud override (graph.md A2).
        existing.props.lastPasswordChangeDateTime = isoInstant(changedMs);
        existing.hidden.cloudPasswordOverride = false;
        existing.hidden.passwordChanges += 1;
        existing.hidden.forceChangePasswordNextSignIn = false;
        report.passwordChangesCarried += 1;
        hooks.onPasswordChanged?.(existing, 'sync');
      } else if (forceChangeFeature) {
        // pwdLastSet=0 ("must change") reaches the cloud only with ForcePasswordChangeOnLogOn.
        existing.hidden.forceChangePasswordNextSignIn = true;
      }
    }
    existing.hidden.labSync = { pwdLastSet: ad.pwdLastSet };
    report.updated += 1;
  }
  // Objects deleted (or moved out of scope) on-prem disappear from the tenant on the next cycle.
  for (const user of [...tenant.users.values()]) {
    if (user.hidden.labSync && !seen.has(String(user.props.onPremisesImmutableId))) tenant.users.delete(user.id);
  }
  tenant.onPremisesLastSyncMs = nowMs;
  return report;
}

export async function syncFromLab(tenant: TenantState, clock: EmulatorClock, labInfo: unknown, hooks: EmulatorHooks, forceChangeFeature = false): Promise<SyncReport> {
  const info = (labInfo as LabInfo | undefined) ?? readLabInfo();
  const adUsers = await readAdUsers(info);
  return applyAdUsers(tenant, adUsers, clock.now(), info.realm, forceChangeFeature, hooks);
}
