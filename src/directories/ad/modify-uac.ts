// Read-modify-write of userAccountControl as a compare-and-swap: delete the exact old value and
// add the new one in one modify. If someone changed the value in between, the delete fails with
// noSuchAttribute (16) and we read again, so a concurrent change is never lost (samba-lab.md,
// "uac read-modify-write by two writers").
import { NoSuchAttributeError, type Change, type Client } from 'ldapts';
import type { IdentityRef } from '../../core/identity.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { ldapChange } from './ldap-change.ts';
import { firstValue, type LdapValues } from './ldap-values.ts';
import { guidDn, readExistingEntry } from './read-credential-state.ts';

export const uacReadAttributes = ['userAccountControl', 'pwdLastSet', 'sAMAccountName'];

export interface UacPlan {
  uac: number;
  /** further changes written in the same modify (e.g. pwdLastSet=0) */
  extra?: Change[];
}

export interface UacResult {
  before: LdapValues & { dn: string };
  beforeUac: number;
  afterUac: number;
  /** false when the entry already had the wanted value and nothing was written */
  written: boolean;
}

export async function modifyUac(
  client: Client,
  ref: IdentityRef,
  plan: (uac: number, entry: LdapValues & { dn: string }) => UacPlan | Promise<UacPlan>,
  attempts = 5,
): Promise<UacResult> {
  for (let attempt = 1; ; attempt++) {
    // only what the plan needs: constructed attributes (msDS-KeyVersionNumber) cost the DC more
    const entry = await readExistingEntry(client, ref, uacReadAttributes);
    const old = Number(firstValue(entry, 'userAccountControl') ?? 0);
    const { uac, extra = [] } = await plan(old, entry);
    const changes =
      uac === old
        ? [...extra]
        : [
            ldapChange('delete', 'userAccountControl', String(old)),
            ldapChange('add', 'userAccountControl', String(uac)),
            ...extra,
          ];
    if (changes.length === 0) return { before: entry, beforeUac: old, afterUac: uac, written: false };
    try {
      await client.modify(guidDn(ref), changes);
      return { before: entry, beforeUac: old, afterUac: uac, written: true };
    } catch (error) {
      if (!(error instanceof NoSuchAttributeError) || uac === old) throw error;
      if (attempt >= attempts) {
        throw new ReclaimError(
          'CONCURRENT_MODIFICATION',
          `${ref.name}: userAccountControl kept changing under us (${attempts} attempts)`,
          { cause: error },
        );
      }
    }
  }
}
