// An LDAP client's view: a simple bind over LDAPS, mapped through AD's `data NNN` sub-codes.
import { readFileSync } from 'node:fs';
import { Client } from 'ldapts';
import { bindFailureCode } from '../../../../src/directories/ad/translate-ldap-error.ts';

export async function ldapBindSignIn(
  url: string,
  caFile: string,
  bindName: string,
  password: string,
): Promise<{ code: string; message: string }> {
  const client = new Client({
    url,
    tlsOptions: { ca: [readFileSync(caFile)] },
    timeout: 15_000,
    connectTimeout: 5_000,
  });
  try {
    await client.bind(bindName, password);
    return { code: 'OK', message: '' };
  } catch (error) {
    const e = error as { code?: number; message?: string };
    if (e.code !== 49) throw error;
    return { code: bindFailureCode(e.message ?? ''), message: e.message ?? '' };
  } finally {
    // a failed bind leaves the socket open (samba-lab.md, gotcha 8)
    await client.unbind().catch(() => undefined);
  }
}
