// "Must change password at next logon" (pwdLastSet=0), and its undo for the never-expires flag.
// https://learn.microsoft.com/en-us/windows/win32/adschema/a-pwdlastset
import type { Applied } from '../../core/action.ts';
import { uacFlags, withUacFlag } from './decode-uac.ts';
import { ldapChange } from './ldap-change.ts';
import { firstValue } from './ldap-values.ts';
import { modifyUac } from './modify-uac.ts';
import { refuseKrbtgt, type AdActionContext } from './ad-action-context.ts';

/**
 * One modify: pwdLastSet=0, and when DONT_EXPIRE_PASSWORD is set, that flag cleared in the same
 * modify (compare-and-swap on userAccountControl).
 * SAFETY: "password never expires" overrides "must change at next logon" (the user could still sign
 * in with the old password), so the flag must go; the old value is returned in `before` and
 * `facts.clearedPasswordNeverExpires` so restorePasswordNeverExpires can put it back.
 */
export async function requireChange(ctx: AdActionContext): Promise<Applied> {
  const result = await modifyUac(ctx.client, ctx.ref, (uac, entry) => {
    refuseKrbtgt(entry, ctx.ref, 'requireChange');
    return { uac: withUacFlag(uac, uacFlags.DONT_EXPIRE_PASSWORD, false), extra: [ldapChange('replace', 'pwdLastSet', '0')] };
  });
  const pwdLastSetRaw = firstValue(result.before, 'pwdLastSet') ?? '0';
  return {
    at: ctx.now().toISOString(),
    before: {
      userAccountControl: result.beforeUac,
      pwdLastSetRaw,
      passwordNeverExpires: (result.beforeUac & uacFlags.DONT_EXPIRE_PASSWORD) !== 0,
      mustChangePassword: pwdLastSetRaw === '0',
    },
    facts: { clearedPasswordNeverExpires: result.beforeUac !== result.afterUac, userAccountControl: result.afterUac },
  };
}

/** Puts DONT_EXPIRE_PASSWORD back (the undo of requireChange's clearing); every other bit is kept. */
export async function restorePasswordNeverExpires(ctx: AdActionContext): Promise<Applied> {
  const result = await modifyUac(ctx.client, ctx.ref, (uac) => ({ uac: withUacFlag(uac, uacFlags.DONT_EXPIRE_PASSWORD, true) }));
  return {
    at: ctx.now().toISOString(),
    before: { userAccountControl: result.beforeUac, passwordNeverExpires: (result.beforeUac & uacFlags.DONT_EXPIRE_PASSWORD) !== 0 },
    facts: { userAccountControl: result.afterUac, written: result.written },
  };
}
