// One LDAP user entry to the Identity every decision in Reclaim is made from.
import type { AccountType, Identity } from '../../core/identity.ts';
import { decodeUac } from './decode-uac.ts';
import { splitDn } from './escape-dn.ts';
import { fileTimeToIso, generalizedTimeToIso } from './filetime.ts';
import { allValues, firstBuffer, firstValue, type LdapValues } from './ldap-values.ts';
import { privilegeReasons, type PrivilegedIndex } from './privileged-membership.ts';
import { decodeGuid, decodeSid } from './sid.ts';
import { isKrbtgtName } from './well-known-sids.ts';

export const userAttributes = [
  'objectGUID',
  'objectSid',
  'objectClass',
  'sAMAccountName',
  'userPrincipalName',
  'displayName',
  'userAccountControl',
  'pwdLastSet',
  'lastLogonTimestamp',
  'whenCreated',
  'memberOf',
  'primaryGroupID',
  'adminCount',
  'servicePrincipalName',
  'msDS-ResultantPSO',
  'msDS-UserPasswordExpiryTimeComputed',
  'mail',
  'manager',
  'department',
  'physicalDeliveryOfficeName',
  'l',
  'st',
  'co',
  'company',
  'title',
  'employeeType',
  'description',
];
export const binaryAttributes = ['objectGUID', 'objectSid'];

/** The attributes an operator may group waves by, copied as they are. */
const groupable = ['department', 'physicalDeliveryOfficeName', 'l', 'st', 'co', 'company', 'title', 'employeeType'];

export function accountTypeOf(objectClasses: readonly string[], samAccountName: string): AccountType {
  const classes = objectClasses.map((c) => c.toLowerCase());
  if (classes.includes('msds-groupmanagedserviceaccount')) return 'groupManagedServiceAccount';
  if (classes.includes('msds-managedserviceaccount')) return 'managedServiceAccount';
  if (classes.includes('computer')) return 'computer';
  if (isKrbtgtName(samAccountName)) return 'krbtgt';
  return 'user';
}

export function mapUserEntry(entry: LdapValues & { dn: string }, directory: string, index?: PrivilegedIndex): Identity {
  const guid = firstBuffer(entry, 'objectGUID');
  if (!guid) throw new RangeError(`${entry.dn}: objectGUID missing (was it requested as a binary attribute?)`);
  const sidBytes = firstBuffer(entry, 'objectSid');
  const name = firstValue(entry, 'sAMAccountName') ?? entry.dn;
  const uac = decodeUac(Number(firstValue(entry, 'userAccountControl') ?? 0));
  const pwdLastSetRaw = firstValue(entry, 'pwdLastSet');
  const expiryRaw = firstValue(entry, 'msDS-UserPasswordExpiryTimeComputed');
  const adminCountRaw = firstValue(entry, 'adminCount');
  const primaryGroupRaw = firstValue(entry, 'primaryGroupID');
  const memberOf = allValues(entry, 'memberOf');
  const adminCount = adminCountRaw === undefined ? undefined : Number(adminCountRaw);
  const attributes: Record<string, string | string[]> = {};
  for (const a of groupable) {
    const v = firstValue(entry, a);
    if (v !== undefined) attributes[a] = v;
  }
  attributes.ou = splitDn(entry.dn).slice(1).join(',');
  const optional = (key: string, value: string | undefined) => (value === undefined ? {} : { [key]: value });
  return {
    directory,
    kind: 'ad',
    key: decodeGuid(guid),
    name,
    dn: entry.dn,
    ...optional('upn', firstValue(entry, 'userPrincipalName')),
    ...optional('displayName', firstValue(entry, 'displayName')),
    ...optional('sid', sidBytes ? decodeSid(sidBytes) : undefined),
    ...optional('mail', firstValue(entry, 'mail')),
    ...optional('manager', firstValue(entry, 'manager')),
    ...optional('department', firstValue(entry, 'department')),
    ...optional('office', firstValue(entry, 'physicalDeliveryOfficeName')),
    ...optional('site', firstValue(entry, 'l')),
    ...optional('employeeType', firstValue(entry, 'employeeType')),
    ...optional('description', firstValue(entry, 'description')),
    ...optional('resultantPso', firstValue(entry, 'msDS-ResultantPSO')),
    accountType: accountTypeOf(allValues(entry, 'objectClass'), name),
    enabled: !uac.disabled,
    passwordNeverExpires: uac.passwordNeverExpires,
    smartcardRequired: uac.smartcardRequired,
    cannotChangePassword: uac.cannotChangePassword,
    userAccountControl: uac.raw,
    passwordLastSetAt: fileTimeToIso(pwdLastSetRaw),
    mustChangePassword: pwdLastSetRaw === '0',
    passwordExpiresAt: fileTimeToIso(expiryRaw),
    lastLogonAt: fileTimeToIso(firstValue(entry, 'lastLogonTimestamp')),
    createdAt: generalizedTimeToIso(firstValue(entry, 'whenCreated')),
    memberOf,
    ...(adminCount === undefined ? {} : { adminCount }),
    servicePrincipalNames: allValues(entry, 'servicePrincipalName'),
    privileged: index
      ? privilegeReasons(index, memberOf, primaryGroupRaw === undefined ? undefined : Number(primaryGroupRaw))
      : [],
    attributes,
  };
}
