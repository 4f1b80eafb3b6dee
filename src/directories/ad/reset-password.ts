// Administrative password reset (unicodePwd replace), optionally with must-change in the same
// modify, and the krbtgt reset (one reset; the engine schedules the second after replication).
import type { Applied } from '../../core/action.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { Secret } from '../../core/secret.ts';
import { uacFlags, withUacFlag } from './decode-uac.ts';
import { ldapChange } from './ldap-change.ts';
import { firstValue } from './ldap-values.ts';
import { modifyUac } from './modify-uac.ts';
import { guidDn, readExistingEntry } from './read-credential-state.ts';
import { isKrbtgtName } from './well-known-sids.ts';
import { refuseKrbtgt, type AdActionContext } from './ad-action-context.ts';

/**
 * SAFETY: AD accepts unicodePwd only over an encrypted channel, as the quoted password in UTF-16LE.
 * The pool refuses writes over plain LDAP before we get here (ldap-connection-pool.ts); the value
 * exists only inside this Buffer, never in a log line or an error.
 */
export function encodeUnicodePwd(password: Secret): Buffer {
  return Buffer.from(`"${password.reveal()}"`, 'utf16le');
}

function requirePassword(ctx: AdActionContext): Secret {
  const password = ctx.apply.password;
  if (!password) {
    // The engine generates (and journals a hash of) the password first, so a retry reuses it
    // (samba-multi-dc.md: a retried reset with a new password can lose to the timed-out one).
    throw new ReclaimError(
      'UNEXPECTED',
      `${ctx.ref.name}: resetPassword needs the password from the engine (ApplyContext.password)`,
    );
  }
  return password;
}

export async function resetPassword(ctx: AdActionContext): Promise<Applied> {
  const password = requirePassword(ctx);
  const mustChange = ctx.params.mustChange === true;
  const pwd = ldapChange('replace', 'unicodePwd', encodeUnicodePwd(password));
  // In the same modify (CAS on userAccountControl), so no moment exists with the new password and
  // the old flags: with must-change, never-expires would defeat it; PASSWD_NOTREQD would let an
  // empty password be set on the account later (issue 15): both are cleared.
  const result = await modifyUac(ctx.client, ctx.ref, (uac, entry) => {
    refuseKrbtgt(entry, ctx.ref, 'resetPassword');
    const required = withUacFlag(uac, uacFlags.PASSWD_NOTREQD, false);
    return mustChange
      ? {
          uac: withUacFlag(required, uacFlags.DONT_EXPIRE_PASSWORD, false),
          extra: [pwd, ldapChange('replace', 'pwdLastSet', '0')],
        }
      : { uac: required, extra: [pwd] };
  });
  const pwdLastSetRaw = firstValue(result.before, 'pwdLastSet') ?? '0';
  return {
    at: ctx.now().toISOString(),
    before: {
      userAccountControl: result.beforeUac,
      pwdLastSetRaw,
      passwordNeverExpires: (result.beforeUac & uacFlags.DONT_EXPIRE_PASSWORD) !== 0,
    },
    facts: {
      mustChange,
      clearedPasswordNeverExpires: (result.beforeUac & ~result.afterUac & uacFlags.DONT_EXPIRE_PASSWORD) !== 0,
      clearedPasswordNotRequired: (result.beforeUac & ~result.afterUac & uacFlags.PASSWD_NOTREQD) !== 0,
    },
  };
}

/** One krbtgt reset: msDS-KeyVersionNumber moves by one. The DC derives the keys; the value is never used again. */
export async function resetKrbtgt(ctx: AdActionContext): Promise<Applied> {
  const password = requirePassword(ctx);
  const before = await readExistingEntry(ctx.client, ctx.ref);
  const sam = firstValue(before, 'sAMAccountName') ?? '';
  if (!isKrbtgtName(sam)) {
    throw new ReclaimError(
      'CONSTRAINT_VIOLATION',
      `${ctx.ref.name}: resetKrbtgt is only for krbtgt accounts, not ${sam}`,
    );
  }
  await ctx.client.modify(guidDn(ctx.ref), [ldapChange('replace', 'unicodePwd', encodeUnicodePwd(password))]);
  const after = await readExistingEntry(ctx.client, ctx.ref);
  const kvno = (e: typeof before) => Number(firstValue(e, 'msDS-KeyVersionNumber') ?? 0);
  return {
    at: ctx.now().toISOString(),
    before: { keyVersionNumber: kvno(before), pwdLastSetRaw: firstValue(before, 'pwdLastSet') ?? '0' },
    facts: { keyVersionNumberBefore: kvno(before), keyVersionNumberAfter: kvno(after) },
  };
}
