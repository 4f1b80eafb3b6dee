// "Must change password at next logon" (pwdLastSet=0), and its undo for the never-expires flag.
// https://learn.microsoft.com/en-us/windows/win32/adschema/a-pwdlastset
import { ConstraintViolationError, NoSuchAttributeError } from 'ldapts';
import type { Applied } from '../../core/action.ts';
import { uacFlags, withUacFlag } from './decode-uac.ts';
import { ldapChange } from './ldap-change.ts';
import { firstValue } from './ldap-values.ts';
import { modifyUac } from './modify-uac.ts';
import { refuseKrbtgt, type AdActionContext } from './ad-action-context.ts';
import { guidDn } from './read-credential-state.ts';
import { isKrbtgtName } from './well-known-sids.ts';

/**
 * One modify: pwdLastSet=0, and when DONT_EXPIRE_PASSWORD is set, that flag cleared in the same
 * modify (compare-and-swap on userAccountControl).
 * SAFETY: "password never expires" overrides "must change at next logon" (the user could still sign
 * in with the old password), so the flag must go; the old value is returned in `before` and
 * `facts.clearedPasswordNeverExpires` so restorePasswordNeverExpires can put it back.
 * With `params.expectedUserAccountControl` (what discovery read) the write goes out without a read
 * first (one round trip, see requireChangeAsExpected); a stale hint falls back to read + CAS.
 */
export async function requireChange(ctx: AdActionContext): Promise<Applied> {
  const expected = ctx.params.expectedUserAccountControl;
  if (expected !== undefined && Number.isInteger(expected) && expected >= 0 && !isKrbtgtName(ctx.ref.name)) {
    const applied = await requireChangeAsExpected(ctx, expected);
    if (applied) return applied;
  }
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

/**
 * The one-round-trip form: `delete userAccountControl: <expected>`, `add userAccountControl:
 * <expected without DONT_EXPIRE_PASSWORD>`, `replace pwdLastSet: 0`, in ONE modify, which the DC
 * applies atomically or not at all. Undefined when the DC refused the precondition (the hint is
 * stale): the caller then reads the entry and does the ordinary compare-and-swap.
 *
 * SAFETY, why the DC's check is enough (samba-lab.md, "uac read-modify-write by two writers"):
 * - The uac pair is sent even when the flag is not set (delete X, add X): a plain `replace
 *   pwdLastSet: 0` would be blind, and if someone had set never-expires since discovery the
 *   account would keep it, the user would never be made to change, and our journal would say the
 *   flag was off. With the pair, the DC compares the current value with X first.
 * - Current value == expected: the write is exactly the read + CAS path's write; `before` is true.
 * - Current value != expected and != the new value: the delete finds no such value, the DC answers
 *   16 noSuchAttribute (or a constraint violation) and writes NOTHING, pwdLastSet included; we
 *   fall back.
 * - Current value == the new value (Samba: a uac modify that ends where it started is accepted
 *   whatever the delete says; AD is stricter and answers 16, which falls back): the account ends
 *   with the flag clear and must-change set, the property this action exists for. The only
 *   difference from the read path is the record: `before` holds the discovery value. For a hint
 *   with the flag set, that means clearedPasswordNeverExpires=true where someone else may have
 *   cleared it since discovery; restorePasswordNeverExpires then puts back the value the account
 *   had when the campaign found it, which is what that undo is for. For a hint without the flag,
 *   nothing is recorded as cleared and nothing was.
 * - The flag set by someone AFTER our write is outside any single action's reach (the read path
 *   has the same window); verification catches it: the account still shows no change since T0.
 * - krbtgt: this path writes without reading sAMAccountName. An objectGUID names one object for
 *   ever and AD does not let the krbtgt account be renamed, so the name Reclaim discovered for
 *   this GUID is checked here, and the hint is only ever set from a discovery snapshot of a
 *   non-krbtgt account; anything else goes through the read path, which refuses krbtgt.
 */
async function requireChangeAsExpected(ctx: AdActionContext, expected: number): Promise<Applied | undefined> {
  const after = withUacFlag(expected, uacFlags.DONT_EXPIRE_PASSWORD, false);
  try {
    await ctx.client.modify(guidDn(ctx.ref), [
      ldapChange('delete', 'userAccountControl', String(expected)),
      ldapChange('add', 'userAccountControl', String(after)),
      ldapChange('replace', 'pwdLastSet', '0'),
    ]);
  } catch (error) {
    // refused before any change (the whole modify is atomic): decide again from a fresh read
    if (error instanceof NoSuchAttributeError || error instanceof ConstraintViolationError) return undefined;
    throw error;
  }
  return {
    at: ctx.now().toISOString(),
    before: { userAccountControl: expected, passwordNeverExpires: (expected & uacFlags.DONT_EXPIRE_PASSWORD) !== 0 },
    facts: { clearedPasswordNeverExpires: expected !== after, userAccountControl: after, precondition: 'expected-uac' },
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
