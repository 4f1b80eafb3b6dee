// Cloud sign-in of a user whose domain is not validated by Entra itself: with pass-through
// authentication an on-premises agent checks the password against AD
// (https://learn.microsoft.com/en-us/entra/identity/hybrid/connect/how-to-connect-pta-how-it-works),
// and a federated domain sends the user to AD FS, which checks it against AD too. Either way AD
// decides, so the emulator asks the lab's KDC (kinit: Kerberos refuses a previous password at once,
// unlike Samba's LDAP binds, which accept it for the 60-minute old-password window).
import { spawn } from 'node:child_process';
import { readLabInfo } from '../samba/lab-info.ts';
import type { EmulatorSettings } from './emulator-settings.ts';
import type { UserRecord } from './tenant-state.ts';

export type OnPremisesVerdict = 'ok' | 'invalid' | 'mustChange' | 'disabled';

/** undefined when Entra validates the user's password itself (cloud-only, or password hash sync). */
export type OnPremisesCheck = (user: UserRecord, password: string) => Promise<OnPremisesVerdict> | undefined;

export function onPremisesSignIn(settings: EmulatorSettings): OnPremisesCheck {
  const domains = new Set([...settings.passThroughDomains, ...settings.federatedDomains].map((d) => d.toLowerCase()));
  return (user, password) => {
    const domain = String(user.props.userPrincipalName).split('@')[1]?.toLowerCase() ?? '';
    const sam = user.props.onPremisesSamAccountName;
    // Only users mirrored from the lab have an on-premises account to check against.
    if (!domains.has(domain) || !user.hidden.labSync || typeof sam !== 'string') return undefined;
    return kinitVerdict(sam, password);
  };
}

function kinitVerdict(sam: string, password: string): Promise<OnPremisesVerdict> {
  const info = readLabInfo();
  return new Promise((resolve, reject) => {
    const child = spawn('kinit', [`${sam}@${info.realm}`], {
      env: { ...process.env, KRB5_CONFIG: info.krb5Conf, KRB5CCNAME: 'MEMORY:reclaim-emulator' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      if (status === 0) return resolve('ok');
      if (/Password expired|must change/i.test(out)) return resolve('mustChange');
      if (/credentials have been revoked/i.test(out)) return resolve('disabled');
      if (/Password incorrect|Preauthentication failed|not found in Kerberos database/i.test(out)) return resolve('invalid');
      reject(new Error(`pass-through check: kinit answered ${out.trim()}`));
    });
    // SAFETY: the password goes on stdin, never on a command line other processes can read.
    child.stdin.end(`${password}\n`);
  });
}
