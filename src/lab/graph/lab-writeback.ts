// The lab's password writeback: a cloud password change of a synced user (the user's own change
// after a forced change, or SSPR) is written to the on-premises account by Connect's AD DS
// connector account as a password reset, before the cloud accepts it
// (https://learn.microsoft.com/en-us/entra/identity/authentication/concept-sspr-writeback).
// In the lab the connector account is the Administrator, over LDAPS.
import { ldapChange } from '../../directories/ad/ldap-change.ts';
import { readLabInfo, readLabPassword, type LabInfo } from '../samba/lab-info.ts';
import { withLabClient } from '../samba/lab-ldap-client.ts';
import type { UserRecord } from './tenant-state.ts';

export type Writeback = (user: UserRecord, newPassword: string) => Promise<void>;

export function labWriteback(labInfo?: LabInfo): Writeback {
  return async (user, newPassword) => {
    const info = labInfo ?? readLabInfo();
    const dn = String(user.props.onPremisesDistinguishedName ?? '');
    const dc = info.dcs[0];
    if (!dn || !dc)
      throw new Error(`writeback: ${String(user.props.userPrincipalName)} has no on-premises object in the lab`);
    await withLabClient(
      { url: dc.url, caFile: info.caFile, bindName: info.admin.upn, password: readLabPassword(info.admin) },
      async (client) => {
        await client.modify(dn, [ldapChange('replace', 'unicodePwd', Buffer.from(`"${newPassword}"`, 'utf16le'))]);
      },
    );
  };
}
