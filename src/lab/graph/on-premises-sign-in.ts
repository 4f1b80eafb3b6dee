// Cloud sign-in of a user whose domain is not validated by Entra itself: with pass-through
// authentication an on-premises agent checks the password against AD
// (https://learn.microsoft.com/en-us/entra/identity/hybrid/connect/how-to-connect-pta-how-it-works),
// and a federated domain sends the user to AD FS, which checks it against AD too. Either way AD
// decides, so the emulator asks the lab's KDC (kinit: Kerberos refuses a previous password at once,
// unlike Samba's LDAP binds, which accept it for the 60-minute old-password window).
import { kinitAnswer } from '../samba/kinit-answer.ts';
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

async function kinitVerdict(sam: string, password: string): Promise<OnPremisesVerdict> {
  const info = readLabInfo();
  const { status, out } = await kinitAnswer({
    krb5Conf: info.krb5Conf,
    principal: `${sam}@${info.realm}`,
    password,
    ccache: 'MEMORY:reclaim-emulator',
  });
  if (status === 0) return 'ok';
  if (/Password expired|must change/i.test(out)) return 'mustChange';
  if (/credentials have been revoked/i.test(out)) return 'disabled';
  if (/Password incorrect|Preauthentication failed|not found in Kerberos database/i.test(out)) return 'invalid';
  throw new Error(`pass-through check: kinit answered ${out.trim()}`);
}
