// Each AD action against the real DC, read back from the directory, with the real clients' view:
// LDAP binds (data 773 / 533 / 52e) and kinit. Objects live in this file's own OU under OU=Corp
// (the operator's delegated tree) and one under OU=Partner (out of its scope).
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { inspect } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { Client } from 'ldapts';
import type { ActionKind, ActionParams } from '../../../src/core/action.ts';
import { isReclaimError } from '../../../src/core/errors/reclaim-error.ts';
import type { IdentityRef } from '../../../src/core/identity.ts';
import { Secret } from '../../../src/core/secret.ts';
import type { AdDirectory } from '../../../src/directories/ad/ad-directory.ts';
import { createAdDirectory } from '../../../src/app/directories/create-ad-directory.ts';
import { uacFlags } from '../../../src/directories/ad/decode-uac.ts';
import { generatePassword } from '../../../src/directories/ad/generate-password.ts';
import { ldapChange } from '../../../src/directories/ad/ldap-change.ts';
import { modifyUac } from '../../../src/directories/ad/modify-uac.ts';
import {
  adminClient,
  createOu,
  createUser,
  lab,
  labAdConfig,
  treeDelete,
  type CreatedUser,
} from './support/ad-test-lab.ts';
import { kinitSignIn } from './support/kinit-sign-in.ts';
import { ldapBindSignIn } from './support/ldap-bind-sign-in.ts';
import { attids, readAttributeVersion } from './support/repl-stamp.ts';

const info = lab();
const kinit = (u: CreatedUser, pw: string) => kinitSignIn({ krb5Conf: info.krb5Conf, realm: info.realm }, u.sam, pw);
const bind = (u: CreatedUser, pw: string) =>
  ldapBindSignIn(info.dcs[0]!.url, info.caFile, `${u.sam}@${info.realm.toLowerCase()}`, pw);
const refOf = (u: CreatedUser): IdentityRef => ({ directory: 'lab-ad', key: u.guid, name: u.sam, dn: u.dn });
const newPassword = (minLength = 14) => generatePassword({ minLength, complexity: true }, (n) => randomBytes(n));

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    if (isReclaimError(error)) return error.code;
    throw error;
  }
}

describe('AD actions', () => {
  let admin: Client;
  let ou: string;
  let partnerOu: string;
  let operator: AdDirectory;
  let domainAdmin: AdDirectory;
  const run = (
    dir: AdDirectory,
    kind: ActionKind,
    u: CreatedUser | IdentityRef,
    params?: ActionParams,
    password?: Secret,
  ) =>
    dir.apply(
      { kind, directory: 'lab-ad', identity: 'guid' in u ? refOf(u) : u, ...(params ? { params } : {}) },
      password ? { password } : {},
    );
  const uacOf = async (u: CreatedUser) =>
    Number(
      (await admin.search(u.dn, { scope: 'base', attributes: ['userAccountControl'] })).searchEntries[0]!
        .userAccountControl,
    );

  // Reclaim's read, then the real clients: an LDAP bind refused with data 773, kinit refused
  const assertMustChange = async (u: CreatedUser) => {
    const state = await operator.readCredentialState(refOf(u));
    assert.deepEqual([state.mustChangePassword, state.pwdLastSetRaw, state.passwordNeverExpires], [true, '0', false]);
    const bound = await bind(u, u.password);
    assert.equal(bound.code, 'PASSWORD_MUST_CHANGE', bound.message);
    assert.match(bound.message, /data 773/);
    assert.equal(await kinit(u, u.password), 'PASSWORD_MUST_CHANGE');
  };

  before(async () => {
    admin = await adminClient(info);
    ou = await createOu(admin, `OU=Corp,${info.baseDn}`, 'ad-actions');
    partnerOu = await createOu(admin, `OU=Partner,${info.baseDn}`, 'ad-actions');
    operator = createAdDirectory(labAdConfig(info));
    domainAdmin = createAdDirectory(labAdConfig(info, {}, 'admin'));
  });
  after(async () => {
    await operator.close();
    await domainAdmin.close();
    await treeDelete(admin, ou);
    await treeDelete(admin, partnerOu);
    await admin.unbind();
  });

  it('requireChange clears password-never-expires in the same modify, records it, keeps other bits; LDAP bind says 773', async () => {
    const u = await createUser(admin, ou, { uac: 512 | uacFlags.DONT_EXPIRE_PASSWORD | uacFlags.NOT_DELEGATED });
    const applied = await run(operator, 'requireChange', u);
    assert.equal(applied.facts?.clearedPasswordNeverExpires, true);
    assert.equal(applied.before?.passwordNeverExpires, true);
    assert.equal(applied.before?.userAccountControl, 512 | 0x10000 | 0x100000);
    assert.equal(await uacOf(u), 512 | uacFlags.NOT_DELEGATED);
    const again = await run(operator, 'requireChange', u);
    assert.equal(again.facts?.clearedPasswordNeverExpires, false);
    await assertMustChange(u);
    // the undo puts the flag back and nothing else
    await run(operator, 'restorePasswordNeverExpires', u);
    assert.equal(await uacOf(u), 512 | uacFlags.NOT_DELEGATED | uacFlags.DONT_EXPIRE_PASSWORD);
  });

  it('requireChange with the discovered userAccountControl: one conditional modify clears never-expires, records it, restores; bind says 773', async () => {
    const uac = 512 | uacFlags.DONT_EXPIRE_PASSWORD | uacFlags.NOT_DELEGATED;
    const u = await createUser(admin, ou, { uac });
    const applied = await run(operator, 'requireChange', u, { expectedUserAccountControl: uac });
    assert.equal(applied.facts?.precondition, 'expected-uac', 'written in one modify, checked by the DC');
    assert.deepEqual(
      [
        applied.facts?.clearedPasswordNeverExpires,
        applied.before?.passwordNeverExpires,
        applied.before?.userAccountControl,
      ],
      [true, true, uac],
    );
    assert.equal(await uacOf(u), 512 | uacFlags.NOT_DELEGATED);
    await assertMustChange(u);
    await run(operator, 'restorePasswordNeverExpires', u);
    assert.equal(await uacOf(u), uac);
    // never-expires clear at discovery and still clear: pwdLastSet alone, uac read alongside
    const plain = await createUser(admin, ou, { uac: 512 | uacFlags.NOT_DELEGATED });
    const second = await run(operator, 'requireChange', plain, {
      expectedUserAccountControl: 512 | uacFlags.NOT_DELEGATED,
    });
    assert.deepEqual(
      [second.facts?.precondition, second.facts?.clearedPasswordNeverExpires, second.before?.userAccountControl],
      ['expected-uac', false, 512 | uacFlags.NOT_DELEGATED],
    );
    assert.equal(await uacOf(plain), 512 | uacFlags.NOT_DELEGATED);
    await assertMustChange(plain);
  });

  it("requireChange with a stale userAccountControl: the DC's answer shows it, the read + CAS path decides from the real value", async () => {
    // never-expires set since discovery: pwdLastSet=0 alone would leave the user able to sign in;
    // the uac read sent with the write shows the flag, and the read + CAS path clears and records it
    const u = await createUser(admin, ou, { uac: 512 | uacFlags.DONT_EXPIRE_PASSWORD });
    const applied = await run(operator, 'requireChange', u, { expectedUserAccountControl: 512 });
    assert.equal(applied.facts?.precondition, undefined, 'fell back to the read path');
    assert.deepEqual(
      [applied.facts?.clearedPasswordNeverExpires, applied.before?.userAccountControl],
      [true, 512 | uacFlags.DONT_EXPIRE_PASSWORD],
    );
    assert.equal(await uacOf(u), 512);
    assert.equal((await bind(u, u.password)).code, 'PASSWORD_MUST_CHANGE');
    // another bit changed since discovery: kept, nothing recorded as cleared
    const v = await createUser(admin, ou, { uac: 512 | uacFlags.NOT_DELEGATED });
    const second = await run(operator, 'requireChange', v, {
      expectedUserAccountControl: 512 | uacFlags.DONT_EXPIRE_PASSWORD,
    });
    assert.deepEqual(
      [second.facts?.precondition, second.facts?.clearedPasswordNeverExpires, second.before?.userAccountControl],
      [undefined, false, 512 | uacFlags.NOT_DELEGATED],
    );
    assert.equal(await uacOf(v), 512 | uacFlags.NOT_DELEGATED);
    assert.equal((await operator.readCredentialState(refOf(v))).mustChangePassword, true);
    // the flag cleared by someone else since discovery: whichever path the DC takes, the account
    // ends with the flag clear and a change required
    const w = await createUser(admin, ou, { uac: 512 });
    await run(operator, 'requireChange', w, { expectedUserAccountControl: 512 | uacFlags.DONT_EXPIRE_PASSWORD });
    const state = await operator.readCredentialState(refOf(w));
    assert.deepEqual([state.userAccountControl, state.mustChangePassword], [512, true]);
  });

  it('requireChange in parallel: the batched uac check finds every account whose never-expires flag was set since discovery', async () => {
    // 12 writes at once over 4 pool slots: the checks go out as shared searches, not one read each
    const users = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        createUser(admin, ou, { uac: 512 | (i % 4 === 0 ? uacFlags.DONT_EXPIRE_PASSWORD : 0) }),
      ),
    );
    const results = await Promise.all(
      users.map((u) => run(operator, 'requireChange', u, { expectedUserAccountControl: 512 })),
    );
    results.forEach((applied, i) => {
      const flagged = i % 4 === 0;
      assert.deepEqual(
        [applied.facts?.precondition, applied.facts?.clearedPasswordNeverExpires, applied.before?.userAccountControl],
        flagged ? [undefined, true, 512 | uacFlags.DONT_EXPIRE_PASSWORD] : ['expected-uac', false, 512],
        `user ${i} (${flagged ? 'flag set since discovery' : 'as discovered'})`,
      );
    });
    for (const u of users) {
      assert.equal(await uacOf(u), 512, `${u.sam}: never-expires clear on the DC`);
      assert.equal((await operator.readCredentialState(refOf(u))).mustChangePassword, true, `${u.sam}: must change`);
    }
    assert.equal(
      (await bind(users[0]!, users[0]!.password)).code,
      'PASSWORD_MUST_CHANGE',
      'a flagged user cannot sign in with the old password',
    );
  });

  it('userAccountControl writes are compare-and-swap: a change made between our read and our write is kept', async () => {
    const v = await createUser(admin, ou);
    let calls = 0;
    const result = await modifyUac(admin, refOf(v), async (uac) => {
      calls += 1;
      // another writer sets NOT_DELEGATED after our read, before our modify goes out
      if (calls === 1)
        await admin.modify(v.dn, [ldapChange('replace', 'userAccountControl', String(512 | uacFlags.NOT_DELEGATED))]);
      return { uac: uac | uacFlags.ACCOUNTDISABLE };
    });
    assert.equal(calls, 2, 'the stale write was refused (noSuchAttribute) and the value read again');
    assert.equal(result.afterUac, 512 | uacFlags.NOT_DELEGATED | uacFlags.ACCOUNTDISABLE);
    assert.equal(await uacOf(v), 512 | uacFlags.NOT_DELEGATED | uacFlags.ACCOUNTDISABLE);
  });

  it('disable then enable flip only bit 2; LDAP bind says 533 while disabled', async () => {
    const u = await createUser(admin, ou, { uac: 512 | uacFlags.NOT_DELEGATED });
    const applied = await run(operator, 'disable', u);
    assert.equal(applied.before?.enabled, true);
    assert.equal(await uacOf(u), 512 | uacFlags.NOT_DELEGATED | uacFlags.ACCOUNTDISABLE);
    const bound = await bind(u, u.password);
    assert.equal(bound.code, 'ACCOUNT_DISABLED', bound.message);
    assert.match(bound.message, /data 533/);
    await run(operator, 'enable', u);
    assert.equal(await uacOf(u), 512 | uacFlags.NOT_DELEGATED);
    assert.equal((await bind(u, u.password)).code, 'OK');
  });

  it('resetPassword: new password works; Kerberos refuses the old one at once, while Samba LDAP binds still accept it (60-minute grace)', async () => {
    const u = await createUser(admin, ou);
    const secret = newPassword();
    await run(operator, 'resetPassword', u, undefined, secret);
    assert.equal(await kinit(u, secret.reveal()), 'OK');
    assert.equal(await kinit(u, u.password), 'INVALID_CREDENTIALS');
    assert.equal((await bind(u, secret.reveal())).code, 'OK');
    // Samba's "old password allowed period" (default 60 min) lets an LDAP simple bind use the
    // previous password; we record that fact here so a change of lab settings is noticed.
    assert.equal((await bind(u, u.password)).code, 'OK');
    assert.equal((await bind(u, 'Not-The-Password-1')).code, 'INVALID_CREDENTIALS');
  });

  it('resetPassword with mustChange clears never-expires too, in one modify', async () => {
    const u = await createUser(admin, ou, { uac: 512 | uacFlags.DONT_EXPIRE_PASSWORD });
    const secret = newPassword();
    const applied = await run(operator, 'resetPassword', u, { mustChange: true }, secret);
    assert.equal(applied.facts?.clearedPasswordNeverExpires, true);
    assert.equal(await uacOf(u), 512);
    assert.equal(await kinit(u, secret.reveal()), 'PASSWORD_MUST_CHANGE');
  });

  it('a password the policy refuses is PASSWORD_POLICY_REJECTED, and the generator satisfies a PSO stricter than the domain', async () => {
    const u = await createUser(admin, ou);
    assert.equal(
      await codeOf(run(operator, 'resetPassword', u, undefined, new Secret('Aa1!'))),
      'PASSWORD_POLICY_REJECTED',
    );
    // a private group and a PSO of min length 30 (precedence 40) linked to it
    const group = `CN=ad-actions-pso-${randomBytes(4).toString('hex')},${ou}`;
    await admin.add(group, { objectClass: ['top', 'group'], sAMAccountName: group.slice(3, 23), member: u.dn });
    const pso = `CN=ad-actions-${randomBytes(4).toString('hex')},CN=Password Settings Container,CN=System,${info.baseDn}`;
    await admin.add(pso, {
      objectClass: ['top', 'msDS-PasswordSettings'],
      'msDS-PasswordSettingsPrecedence': '40',
      'msDS-PasswordReversibleEncryptionEnabled': 'FALSE',
      'msDS-PasswordHistoryLength': '5',
      'msDS-PasswordComplexityEnabled': 'TRUE',
      'msDS-MinimumPasswordLength': '30',
      'msDS-MinimumPasswordAge': '0',
      'msDS-MaximumPasswordAge': String(-30n * 86400n * 10_000_000n),
      'msDS-LockoutThreshold': '0',
      'msDS-LockoutObservationWindow': String(-1800n * 10_000_000n),
      'msDS-LockoutDuration': String(-1800n * 10_000_000n),
      'msDS-PSOAppliesTo': group,
    });
    try {
      const domain = await domainAdmin.discoverDomain();
      const policy = domain.psos.find((p) => p.dn.toLowerCase() === pso.toLowerCase());
      assert.ok(policy);
      assert.equal(
        await codeOf(run(operator, 'resetPassword', u, undefined, newPassword(24))),
        'PASSWORD_POLICY_REJECTED',
      );
      const secret = generatePassword(policy, (n) => randomBytes(n), [u.sam]);
      assert.equal(await codeOf(run(operator, 'resetPassword', u, undefined, secret)), 'OK');
      assert.equal(await kinit(u, secret.reveal()), 'OK');
    } finally {
      await admin.del(pso).catch(() => undefined);
    }
  });

  it('SAFETY: a planted canary password appears in no error, no detail and no Applied record', async () => {
    const u = await createUser(admin, ou);
    // refused as too short (domain minimum 7), so the DC's diagnostic comes back with the error
    const canary = new Secret(`Q${randomBytes(2).toString('hex')}!`);
    try {
      await run(operator, 'resetPassword', u, undefined, canary);
      assert.fail('expected a policy rejection');
    } catch (error) {
      assert.ok(isReclaimError(error));
      assert.equal(error.code, 'PASSWORD_POLICY_REJECTED');
      const everything = [
        error.message,
        ...error.details,
        JSON.stringify(error),
        inspect(error, { depth: 5 }),
        String(error.stack),
      ].join('\n');
      assert.ok(!everything.includes(canary.reveal()), 'the canary leaked into the error');
    }
    const good = newPassword();
    const applied = await run(operator, 'resetPassword', u, { mustChange: true }, good);
    assert.ok(!JSON.stringify(applied).includes(good.reveal()));
    assert.ok(!inspect(applied, { depth: 5 }).includes(good.reveal()));
  });

  it('rollSmartcardHash: the DC generates a new hash (unicodePwd version moves), the flag stays set, retry rolls again', async () => {
    const u = await createUser(admin, ou, { uac: 512 | uacFlags.SMARTCARD_REQUIRED });
    const v0 = await readAttributeVersion(admin, u.dn, attids.unicodePwd);
    const applied = await run(operator, 'rollSmartcardHash', u);
    assert.equal(applied.before?.smartcardRequired, true);
    const v1 = await readAttributeVersion(admin, u.dn, attids.unicodePwd);
    assert.ok(v0 !== undefined && v1 !== undefined && v1 > v0, `unicodePwd version ${v0} -> ${v1}`);
    assert.equal(await uacOf(u), 512 | uacFlags.SMARTCARD_REQUIRED);
    await run(operator, 'rollSmartcardHash', u);
    assert.ok((await readAttributeVersion(admin, u.dn, attids.unicodePwd))! > v1);
    assert.equal(await kinit(u, u.password), 'INVALID_CREDENTIALS');
  });

  it("out of the operator's delegated tree: INSUFFICIENT_RIGHTS, nothing written; a domain admin may", async () => {
    const u = await createUser(admin, partnerOu);
    for (const kind of ['requireChange', 'disable'] as const)
      assert.equal(await codeOf(run(operator, kind, u)), 'INSUFFICIENT_RIGHTS');
    assert.equal(await codeOf(run(operator, 'resetPassword', u, undefined, newPassword())), 'INSUFFICIENT_RIGHTS');
    assert.equal((await operator.readCredentialState(refOf(u))).mustChangePassword, false);
    await run(domainAdmin, 'requireChange', u);
    assert.equal((await domainAdmin.readCredentialState(refOf(u))).mustChangePassword, true);
  });

  it('krbtgt: one reset moves msDS-KeyVersionNumber by one (admin only); other actions refuse it', async () => {
    const domain = await domainAdmin.discoverDomain();
    const krbtgt = domain.krbtgtAccounts.find((k) => k.name === 'krbtgt')!;
    const ref: IdentityRef = { directory: 'lab-ad', key: krbtgt.key, name: krbtgt.name, dn: krbtgt.dn! };
    assert.equal(await codeOf(run(operator, 'resetKrbtgt', ref, undefined, newPassword())), 'INSUFFICIENT_RIGHTS');
    assert.equal(await codeOf(run(domainAdmin, 'resetPassword', ref, undefined, newPassword())), 'IDENTITY_PROTECTED');
    assert.equal(await codeOf(run(domainAdmin, 'requireChange', ref)), 'IDENTITY_PROTECTED');
    const krbtgtUac = (await domainAdmin.readCredentialState(ref)).userAccountControl!;
    assert.equal(
      await codeOf(run(domainAdmin, 'requireChange', ref, { expectedUserAccountControl: krbtgtUac })),
      'IDENTITY_PROTECTED',
      'a hint never skips the krbtgt refusal',
    );
    assert.equal((await domainAdmin.readCredentialState(ref)).mustChangePassword, false);
    const before = (await domainAdmin.readCredentialState(ref)).keyVersionNumber!;
    const applied = await run(domainAdmin, 'resetKrbtgt', ref, undefined, newPassword(64));
    assert.equal(applied.facts?.keyVersionNumberBefore, before);
    assert.equal(applied.facts?.keyVersionNumberAfter, before + 1);
    assert.equal((await domainAdmin.readCredentialState(ref)).keyVersionNumber, before + 1);
    const user = await createUser(admin, ou);
    assert.equal(await codeOf(run(domainAdmin, 'resetKrbtgt', user, undefined, newPassword())), 'CONSTRAINT_VIOLATION');
    assert.equal(await kinit(user, user.password), 'OK', 'Kerberos still works after one krbtgt reset');
  });

  it('linkPasswordPolicy creates a short-age PSO linked to the group (admin only), retry-safe; members get it as resultant PSO', async () => {
    const u = await createUser(admin, ou);
    const group = `CN=ad-actions-link-${randomBytes(4).toString('hex')},${ou}`;
    await admin.add(group, { objectClass: ['top', 'group'], sAMAccountName: group.slice(3, 23), member: u.dn });
    const days = randomInt(400, 900); // a PSO name private to this run
    const groupRef: IdentityRef = {
      directory: 'lab-ad',
      key: '00000000-0000-0000-0000-000000000000',
      name: 'group',
      dn: group,
    };
    assert.equal(
      await codeOf(run(operator, 'linkPasswordPolicy', groupRef, { groupDn: group, maxAgeDays: days })),
      'INSUFFICIENT_RIGHTS',
    );
    const first = await run(domainAdmin, 'linkPasswordPolicy', groupRef, { groupDn: group, maxAgeDays: days });
    try {
      assert.equal(first.facts?.created, true);
      const again = await run(domainAdmin, 'linkPasswordPolicy', groupRef, { groupDn: group, maxAgeDays: days });
      assert.deepEqual([again.facts?.created, again.facts?.linked], [false, false]);
      const { searchEntries } = await admin.search(u.dn, {
        scope: 'base',
        attributes: ['msDS-ResultantPSO', 'msDS-UserPasswordExpiryTimeComputed', 'pwdLastSet'],
      });
      assert.equal(
        String(searchEntries[0]!['msDS-ResultantPSO']).toLowerCase(),
        String(first.facts?.psoDn).toLowerCase(),
      );
      const ageDays = Number(
        (BigInt(String(searchEntries[0]!['msDS-UserPasswordExpiryTimeComputed'])) -
          BigInt(String(searchEntries[0]!.pwdLastSet))) /
          864_000_000_000n,
      );
      assert.equal(ageDays, days);
    } finally {
      await admin.del(String(first.facts?.psoDn)).catch(() => undefined);
    }
  });
});
