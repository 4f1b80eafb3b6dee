// A real Kerberos client's view of a password: `kinit` against the lab KDC. Unlike an LDAP simple
// bind, Kerberos refuses the previous password at once after a reset (Samba's LDAP binds accept it
// for the 60-minute "old password allowed period"; samba-multi-dc.md, gotcha 7).
import { kinitAnswer } from '../../../../src/lab/samba/kinit-answer.ts';

export interface KinitOptions {
  krb5Conf: string;
  realm: string;
}

/** 'OK' or the catalog code a user would see: INVALID_CREDENTIALS, PASSWORD_MUST_CHANGE, ACCOUNT_DISABLED... */
export async function kinitSignIn(options: KinitOptions, samAccountName: string, password: string): Promise<string> {
  const { status, out } = await kinitAnswer({
    krb5Conf: options.krb5Conf,
    principal: `${samAccountName}@${options.realm}`,
    password,
    ccache: 'MEMORY:reclaim-test',
  });
  if (status === 0) return 'OK';
  if (/Password expired|must change/i.test(out)) return 'PASSWORD_MUST_CHANGE';
  if (/credentials have been revoked/i.test(out)) return 'ACCOUNT_DISABLED';
  if (/Password incorrect|Preauthentication failed|not found in Kerberos database/i.test(out))
    return 'INVALID_CREDENTIALS';
  if (/expired/i.test(out)) return 'ACCOUNT_EXPIRED';
  throw new Error(`kinit gave an answer this test does not know: ${out.trim()}`);
}
