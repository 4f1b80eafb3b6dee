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
    return {
      uac: withUacFlag(uac, uacFlags.DONT_EXPIRE_PASSWORD, false),
      extra: [ldapChange('replace', 'pwdLastSet', '0')],
    };
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
 * The one-round-trip forms, chosen by the discovered value. Undefined when the DC's answer shows
 * the hint no longer holds: the caller then reads the entry and does the ordinary compare-and-swap.
 *
 * Never-expires set at discovery: `delete userAccountControl: <expected>`, `add userAccountControl:
 * <expected without DONT_EXPIRE_PASSWORD>`, `replace pwdLastSet: 0` in ONE modify, which the DC
 * applies atomically or not at all (samba-lab.md, "uac read-modify-write by two writers"):
 * - current == expected: exactly the read path's write; `before` is true.
 * - current != expected and != the new value: the delete finds no such value, the DC answers 16
 *   noSuchAttribute (or a constraint violation) and writes NOTHING, pwdLastSet included.
 * - current == the new value (Samba accepts a uac modify that ends where it started whatever the
 *   delete says; AD answers 16, which falls back): the account ends with the flag clear and
 *   must-change set, the property this action exists for. `before` then holds the discovery value,
 *   so restorePasswordNeverExpires would put back what the account had when the campaign found it.
 *
 * Never-expires clear at discovery (the common case): `replace pwdLastSet: 0` alone, then
 * userAccountControl read back (batched with the other writes in flight, batched-uac-read.ts: one
 * search for many accounts, so the check costs the DC little; a uac write, or the pair delete X /
 * add X, would cost it more than the pwdLastSet write itself). SAFETY: this write does not touch
 * userAccountControl, so no one's change to it can be lost; what must not happen is the flag being
 * set (since discovery) and our record saying it was not. The read comes after the write: if it
 * shows the flag, the read + CAS path runs at once (clears it in a compare-and-swap, records it in
 * `before`/facts). A flag set after that read is indistinguishable from one set just after our
 * write, which no form of this action can prevent (the read path has the same window);
 * verification still lists such an account (no password change since T0) and enforcement acts on
 * it.
 *
 * krbtgt: these forms do not read sAMAccountName first. An objectGUID names one object for ever
 * and AD does not let the krbtgt account be renamed, so the name Reclaim discovered for this GUID
 * is checked (requireChange), and the hint is only ever set from a discovery snapshot of an
 * ordinary user account; anything else goes through the read path, which refuses krbtgt.
 */
async function requireChangeAsExpected(ctx: AdActionContext, expected: number): Promise<Applied | undefined> {
  const dn = guidDn(ctx.ref);
  if ((expected & uacFlags.DONT_EXPIRE_PASSWORD) === 0) {
    // AdDirectory.apply always gives the batched check; without it, the read + CAS path decides
    if (!ctx.uacCheck) return undefined;
    await ctx.client.modify(dn, [ldapChange('replace', 'pwdLastSet', '0')]);
    // the next write may start while this one waits for its batched check (on this connection)
    ctx.written?.();
    const current = await ctx.uacCheck.read(ctx.client, ctx.ref.key);
    if (current === undefined || (current & uacFlags.DONT_EXPIRE_PASSWORD) !== 0) return undefined;
    return {
      at: ctx.now().toISOString(),
      before: { userAccountControl: current, passwordNeverExpires: false },
      facts: { clearedPasswordNeverExpires: false, userAccountControl: current, precondition: 'expected-uac' },
    };
  }
  const after = withUacFlag(expected, uacFlags.DONT_EXPIRE_PASSWORD, false);
  try {
    await ctx.client.modify(dn, [
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
    before: { userAccountControl: expected, passwordNeverExpires: true },
    facts: { clearedPasswordNeverExpires: true, userAccountControl: after, precondition: 'expected-uac' },
  };
}

/** Puts DONT_EXPIRE_PASSWORD back (the undo of requireChange's clearing); every other bit is kept. */
export async function restorePasswordNeverExpires(ctx: AdActionContext): Promise<Applied> {
  const result = await modifyUac(ctx.client, ctx.ref, (uac) => ({
    uac: withUacFlag(uac, uacFlags.DONT_EXPIRE_PASSWORD, true),
  }));
  return {
    at: ctx.now().toISOString(),
    before: {
      userAccountControl: result.beforeUac,
      passwordNeverExpires: (result.beforeUac & uacFlags.DONT_EXPIRE_PASSWORD) !== 0,
    },
    facts: { userAccountControl: result.afterUac, written: result.written },
  };
}
