// A real Kerberos client's view of a password: `kinit` against the lab KDC. Unlike an LDAP simple
// bind, Kerberos refuses the previous password at once after a reset (Samba's LDAP binds accept it
// for the 60-minute "old password allowed period"; samba-multi-dc.md, gotcha 7).
import { spawn } from 'node:child_process';

export interface KinitOptions {
  krb5Conf: string;
  realm: string;
}

/** 'OK' or the catalog code a user would see: INVALID_CREDENTIALS, PASSWORD_MUST_CHANGE, ACCOUNT_DISABLED... */
export function kinitSignIn(options: KinitOptions, samAccountName: string, password: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('kinit', [`${samAccountName}@${options.realm}`], {
      env: { ...process.env, KRB5_CONFIG: options.krb5Conf, KRB5CCNAME: 'MEMORY:reclaim-test' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      if (status === 0) return resolve('OK');
      if (/Password expired|must change/i.test(out)) return resolve('PASSWORD_MUST_CHANGE');
      if (/credentials have been revoked/i.test(out)) return resolve('ACCOUNT_DISABLED');
      if (/Password incorrect|Preauthentication failed|not found in Kerberos database/i.test(out)) return resolve('INVALID_CREDENTIALS');
      if (/expired/i.test(out)) return resolve('ACCOUNT_EXPIRED');
      reject(new Error(`kinit gave an answer this test does not know: ${out.trim()}`));
    });
    // the password goes on stdin, never on the command line
    child.stdin.end(`${password}\n`);
  });
}
