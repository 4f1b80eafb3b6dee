// Rolling the hash of a smart-card-required account: when SMARTCARD_REQUIRED is set, the DC
// replaces the password with a random one nobody knows (verified on Samba 4.17: the unicodePwd
// metadata version moves; pwdLastSet does not). Resetting the password of such an account is
// pointless, and a stolen hash stays valid until the flag is toggled.
// https://learn.microsoft.com/en-us/windows-server/security/credentials-protection-and-management/whats-new-in-credential-protection
import type { Applied } from '../../core/action.ts';
import { uacFlags, withUacFlag } from './decode-uac.ts';
import { modifyUac } from './modify-uac.ts';
import { refuseKrbtgt, type AdActionContext } from './ad-action-context.ts';

/**
 * Two modifies: clear the flag (only if set), then set it. Safe to retry: whichever step a crash
 * interrupted, a retry ends with the flag set and a freshly generated hash. The action always
 * leaves SMARTCARD_REQUIRED set; the planner gives it only to smart-card accounts.
 */
export async function rollSmartcardHash(ctx: AdActionContext): Promise<Applied> {
  const off = await modifyUac(ctx.client, ctx.ref, (uac, entry) => {
    refuseKrbtgt(entry, ctx.ref, 'rollSmartcardHash');
    return { uac: withUacFlag(uac, uacFlags.SMARTCARD_REQUIRED, false) };
  });
  const on = await modifyUac(ctx.client, ctx.ref, (uac) => ({
    uac: withUacFlag(uac, uacFlags.SMARTCARD_REQUIRED, true),
  }));
  return {
    at: ctx.now().toISOString(),
    before: {
      userAccountControl: off.beforeUac,
      smartcardRequired: (off.beforeUac & uacFlags.SMARTCARD_REQUIRED) !== 0,
    },
    facts: { userAccountControl: on.afterUac, wasSmartcardRequired: off.written },
  };
}
