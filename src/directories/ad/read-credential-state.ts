// Ground truth of one identity's credential, read by objectGUID (`<GUID=...>` as the base DN, which
// AD and Samba both accept), so a user moved or renamed since discovery is still found.
import { NoSuchObjectError, type Client } from 'ldapts';
import type { CredentialState } from '../../core/action.ts';
import type { IdentityRef } from '../../core/identity.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { decodeUac } from './decode-uac.ts';
import { fileTimeToIso } from './filetime.ts';
import { allValues, firstValue, type LdapValues } from './ldap-values.ts';
import { parseReplPropertyMetaData } from './multi-dc/repl-property-metadata.ts';
import { isGuid } from './sid.ts';
import { translateLdapError } from './translate-ldap-error.ts';

export const credentialAttributes = [
  'userAccountControl',
  'pwdLastSet',
  'lastLogonTimestamp',
  'msDS-KeyVersionNumber',
  'sAMAccountName',
  'objectClass',
];

export function guidDn(ref: IdentityRef): string {
  if (!isGuid(ref.key))
    throw new ReclaimError('IDENTITY_NOT_FOUND', `${ref.name}: "${ref.key}" is not an AD objectGUID`);
  return `<GUID=${ref.key}>`;
}

/** The password attributes whose replication stamps show a hash write (MS-ADA1/3 attribute ids). */
const passwordHashAttids = new Set([
  0x9005a /* unicodePwd */, 0x9005e /* ntPwdHistory */, 0x9007d /* supplementalCredentials */,
]);

/** The entry, or undefined when no object has this GUID. */
export async function readEntry(
  client: Client,
  ref: IdentityRef,
  attributes = credentialAttributes,
): Promise<(LdapValues & { dn: string }) | undefined> {
  try {
    const { searchEntries } = await client.search(guidDn(ref), {
      scope: 'base',
      attributes,
      explicitBufferAttributes: ['replPropertyMetaData'],
    });
    return searchEntries[0];
  } catch (error) {
    if (error instanceof NoSuchObjectError) return undefined;
    // a read inside an action that times out wrote nothing: DIRECTORY_UNAVAILABLE, not OUTCOME_UNKNOWN
    throw translateLdapError(error, 'read', `${ref.name} (${ref.key})`);
  }
}

export async function readExistingEntry(
  client: Client,
  ref: IdentityRef,
  attributes = credentialAttributes,
): Promise<LdapValues & { dn: string }> {
  const entry = await readEntry(client, ref, attributes);
  if (!entry)
    throw new ReclaimError(
      'IDENTITY_NOT_FOUND',
      `${ref.name} (${ref.key}): the object no longer exists in the directory`,
    );
  return entry;
}

export function credentialStateFromEntry(entry: LdapValues | undefined, readFrom: string): CredentialState {
  if (!entry) return { exists: false, enabled: false, mustChangePassword: false, passwordLastSetAt: null, readFrom };
  const uac = decodeUac(Number(firstValue(entry, 'userAccountControl') ?? 0));
  const pwdLastSetRaw = firstValue(entry, 'pwdLastSet') ?? '0';
  const kvno = firstValue(entry, 'msDS-KeyVersionNumber');
  return {
    exists: true,
    enabled: !uac.disabled,
    mustChangePassword: pwdLastSetRaw === '0',
    passwordLastSetAt: fileTimeToIso(pwdLastSetRaw),
    passwordNeverExpires: uac.passwordNeverExpires,
    smartcardRequired: uac.smartcardRequired,
    lastLogonAt: fileTimeToIso(firstValue(entry, 'lastLogonTimestamp')),
    userAccountControl: uac.raw,
    pwdLastSetRaw,
    ...(kvno === undefined ? {} : { keyVersionNumber: Number(kvno) }),
    ...('replPropertyMetaData' in entry
      ? { passwordHashChangedAt: passwordHashChangedAt(entry.replPropertyMetaData) }
      : {}),
    readFrom,
  };
}

/**
 * The newest originating time among the password attributes' replication stamps
 * (samba-multi-dc.md: Samba 4.17 has no msDS-ReplAttributeMetaData, the binary blob is read).
 */
export function passwordHashChangedAt(blob: unknown): string | null {
  if (!Buffer.isBuffer(blob)) return null;
  let newest: string | null = null;
  for (const stamp of parseReplPropertyMetaData(blob)) {
    if (passwordHashAttids.has(stamp.attid) && (newest === null || stamp.originatingTime > newest))
      newest = stamp.originatingTime;
  }
  return newest;
}

/** Verification's read: the credential attributes and the password's replication stamps. */
export async function readCredentialState(
  client: Client,
  ref: IdentityRef,
  readFrom: string,
): Promise<CredentialState> {
  return credentialStateFromEntry(
    await readEntry(client, ref, [...credentialAttributes, 'replPropertyMetaData']),
    readFrom,
  );
}

export function objectClassesOf(entry: LdapValues): string[] {
  return allValues(entry, 'objectClass');
}
