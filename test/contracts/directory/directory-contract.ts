// One contract suite for every Directory adapter (Samba AD, the Graph emulator): what the engine
// relies on, checked against the real directory. An adapter that lacks a capability says so in
// `supports`; the suite then checks that apply refuses it with NOT_SUPPORTED instead of skipping.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { ActionKind, ActionParams, ActionSpec } from '../../../src/core/action.ts';
import { isReclaimError } from '../../../src/core/errors/reclaim-error.ts';
import type { IdentityRef } from '../../../src/core/identity.ts';
import { Secret } from '../../../src/core/secret.ts';
import type { Directory } from '../../../src/directories/directory-port.ts';
import { generatePassword } from '../../../src/directories/ad/generate-password.ts';

export interface DirectoryFixture {
  directory: Directory;
  /** creates a fresh enabled identity that only this test touches; `password` lets the test sign in as it when the directory allows */
  createIdentity(options?: {
    passwordNeverExpires?: boolean;
    smartcardRequired?: boolean;
  }): Promise<{ ref: IdentityRef; password: string }>;
  /** a real client's view: can this identity sign in with this password? returns a catalog code ' +
    '(INVALID_CREDENTIALS, PASSWORD_MUST_CHANGE, ACCOUNT_DISABLED, ...) or 'OK' */
  signIn(ref: IdentityRef, password: string): Promise<string>;
  cleanup(): Promise<void>;
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isReclaimError(error), `expected a ReclaimError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return true;
  });
}

export function directoryContract(name: string, makeFixture: () => Promise<DirectoryFixture>): void {
  describe(`Directory contract: ${name}`, () => {
    let f: DirectoryFixture;
    const supports = (kind: ActionKind) => f.directory.supports.includes(kind);
    const action = (kind: ActionKind, ref: IdentityRef, params?: ActionParams): ActionSpec => ({
      kind,
      directory: f.directory.id,
      identity: ref,
      ...(params ? { params } : {}),
    });
    const newPassword = () => generatePassword({ minLength: 14, complexity: true }, (n) => randomBytes(n));

    before(async () => {
      f = await makeFixture();
    });
    after(async () => {
      await f?.cleanup();
    });

    it('discover() streams pages that include a freshly created identity', async () => {
      const { ref } = await f.createIdentity();
      let found = false;
      let pages = 0;
      for await (const page of f.directory.discover({ pageSize: 100 })) {
        pages += 1;
        assert.ok(page.length <= 100, `a page holds at most pageSize identities, got ${page.length}`);
        const mine = page.find((i) => i.key === ref.key);
        if (mine) {
          found = true;
          assert.equal(mine.directory, f.directory.id);
          assert.equal(mine.enabled, true);
        }
      }
      assert.ok(pages >= 1);
      assert.ok(found, `identity ${ref.name} not discovered`);
    });

    it('an unknown identity: readCredentialState says it does not exist, every action gives IDENTITY_NOT_FOUND', async () => {
      const ghost: IdentityRef = { directory: f.directory.id, key: randomUUID(), name: 'nobody-here' };
      const state = await f.directory.readCredentialState(ghost);
      assert.equal(state.exists, false);
      for (const kind of ['requireChange', 'disable', 'enable'] as const) {
        if (supports(kind)) await rejectsWith(f.directory.apply(action(kind, ghost)), 'IDENTITY_NOT_FOUND');
      }
      if (supports('resetPassword'))
        await rejectsWith(
          f.directory.apply(action('resetPassword', ghost), { password: newPassword() }),
          'IDENTITY_NOT_FOUND',
        );
    });

    it('requireChange: the state shows must-change, applying twice is safe, the user must change before signing in', async () => {
      const { ref, password } = await f.createIdentity();
      if (!supports('requireChange'))
        return rejectsWith(f.directory.apply(action('requireChange', ref)), 'NOT_SUPPORTED');
      assert.equal((await f.directory.readCredentialState(ref)).mustChangePassword, false);
      await f.directory.apply(action('requireChange', ref));
      await f.directory.apply(action('requireChange', ref));
      const state = await f.directory.readCredentialState(ref);
      assert.equal(state.exists, true);
      assert.equal(state.mustChangePassword, true);
      assert.equal(state.enabled, true);
      assert.equal(await f.signIn(ref, password), 'PASSWORD_MUST_CHANGE');
    });

    it('requireChange also works on a password-never-expires identity', async () => {
      const { ref, password } = await f.createIdentity({ passwordNeverExpires: true });
      if (!supports('requireChange')) return;
      await f.directory.apply(action('requireChange', ref));
      const state = await f.directory.readCredentialState(ref);
      assert.equal(state.mustChangePassword, true);
      // AD must clear the never-expires flag for this to hold (checked in the AD tests); the
      // contract only asks for the outcome a user sees
      assert.equal(await f.signIn(ref, password), 'PASSWORD_MUST_CHANGE');
    });

    it('resetPassword with a given Secret: the new password signs in, the old one does not; twice is safe', async () => {
      const { ref, password } = await f.createIdentity();
      const secret = newPassword();
      if (!supports('resetPassword'))
        return rejectsWith(f.directory.apply(action('resetPassword', ref), { password: secret }), 'NOT_SUPPORTED');
      const before = await f.directory.readCredentialState(ref);
      await f.directory.apply(action('resetPassword', ref), { password: secret });
      await f.directory.apply(action('resetPassword', ref), { password: secret });
      const after = await f.directory.readCredentialState(ref);
      assert.equal(after.mustChangePassword, false);
      assert.ok(
        after.passwordLastSetAt !== null &&
          (before.passwordLastSetAt === null || after.passwordLastSetAt >= before.passwordLastSetAt),
      );
      assert.equal(await f.signIn(ref, secret.reveal()), 'OK');
      assert.equal(await f.signIn(ref, password), 'INVALID_CREDENTIALS');
    });

    it('resetPassword with mustChange: the new password must be changed before signing in', async () => {
      const { ref } = await f.createIdentity();
      if (!supports('resetPassword')) return;
      const secret = newPassword();
      await f.directory.apply(action('resetPassword', ref, { mustChange: true }), { password: secret });
      assert.equal((await f.directory.readCredentialState(ref)).mustChangePassword, true);
      assert.equal(await f.signIn(ref, secret.reveal()), 'PASSWORD_MUST_CHANGE');
    });

    it('disable: sign-in gives ACCOUNT_DISABLED, twice is safe; enable restores sign-in', async () => {
      const { ref, password } = await f.createIdentity();
      if (!supports('disable')) return rejectsWith(f.directory.apply(action('disable', ref)), 'NOT_SUPPORTED');
      await f.directory.apply(action('disable', ref));
      await f.directory.apply(action('disable', ref));
      assert.equal((await f.directory.readCredentialState(ref)).enabled, false);
      assert.equal(await f.signIn(ref, password), 'ACCOUNT_DISABLED');
      if (!supports('enable')) return rejectsWith(f.directory.apply(action('enable', ref)), 'NOT_SUPPORTED');
      await f.directory.apply(action('enable', ref));
      await f.directory.apply(action('enable', ref));
      assert.equal((await f.directory.readCredentialState(ref)).enabled, true);
      assert.equal(await f.signIn(ref, password), 'OK');
    });

    it('every action kind it does not list in supports is refused with NOT_SUPPORTED', async () => {
      const { ref } = await f.createIdentity();
      const all: ActionKind[] = [
        'requireChange',
        'resetPassword',
        'disable',
        'enable',
        'rollSmartcardHash',
        'resetKrbtgt',
        'linkPasswordPolicy',
        'revokeSessions',
        'issueTap',
        'deleteAuthMethods',
        'restorePasswordNeverExpires',
      ];
      for (const kind of all.filter((k) => !supports(k))) {
        await rejectsWith(
          f.directory.apply(action(kind, ref), { password: new Secret('unused-Aa1!') }),
          'NOT_SUPPORTED',
        );
      }
    });
  });
}
