// One DC's view of an identity's credential: replication stamps of unicodePwd/pwdLastSet plus the
// values, read by objectGUID. A DC that cannot be read is reported as such, never skipped.
import type { IdentityRef } from '../../../core/identity.ts';
import { ReclaimError } from '../../../core/errors/reclaim-error.ts';
import type { LdapConnectionPool } from '../ldap-connection-pool.ts';
import { firstValue } from '../ldap-values.ts';
import { guidDn } from '../read-credential-state.ts';
import { translateLdapError } from '../translate-ldap-error.ts';
import { ATTID, parseReplPropertyMetaData, stampOf, type ReplStamp } from './repl-property-metadata.ts';

export interface DcStamps {
  url: string;
  ok: boolean;
  error?: string;
  unicodePwd?: ReplStamp;
  pwdLastSet?: ReplStamp;
  pwdLastSetRaw?: string;
  keyVersionNumber?: number;
}

export async function readDcStamps(pool: LdapConnectionPool, url: string, ref: IdentityRef): Promise<DcStamps> {
  try {
    return await pool.use(async (client) => {
      const { searchEntries } = await client.search(guidDn(ref), {
        scope: 'base',
        attributes: ['replPropertyMetaData', 'pwdLastSet', 'msDS-KeyVersionNumber'],
        explicitBufferAttributes: ['replPropertyMetaData'],
      });
      const entry = searchEntries[0];
      if (!entry) throw new ReclaimError('IDENTITY_NOT_FOUND', `${ref.name} is not on ${url}`);
      const blob = entry.replPropertyMetaData;
      const stamps = Buffer.isBuffer(blob) ? parseReplPropertyMetaData(blob) : [];
      const kvno = firstValue(entry, 'msDS-KeyVersionNumber');
      const pwdLastSetRaw = firstValue(entry, 'pwdLastSet');
      return {
        url,
        ok: true,
        ...(stampOf(stamps, ATTID.unicodePwd) ? { unicodePwd: stampOf(stamps, ATTID.unicodePwd) } : {}),
        ...(stampOf(stamps, ATTID.pwdLastSet) ? { pwdLastSet: stampOf(stamps, ATTID.pwdLastSet) } : {}),
        ...(pwdLastSetRaw === undefined ? {} : { pwdLastSetRaw }),
        ...(kvno === undefined ? {} : { keyVersionNumber: Number(kvno) }),
      };
    });
  } catch (error) {
    const e = error instanceof ReclaimError ? error : translateLdapError(error, 'read', `${ref.name} on ${url}`);
    return { url, ok: false, error: e.message };
  }
}
