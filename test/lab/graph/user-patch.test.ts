// A password write reaches only targets the caller may reset: the token's permission, then the
// caller's directory role against the target's roles (active or PIM-eligible), then the target's
// state (synced users are mastered on-premises, federated domains refuse), then complexity.
// Every refusal leaves the user untouched, read back from the emulator's state.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningGraphEmulator } from '../../../src/lab/graph/graph-emulator.ts';
import { graph, startTestEmulator, tokenFor } from './support/emulator-fixture.ts';

let emu: RunningGraphEmulator;
before(async () => {
  emu = await startTestEmulator();
});
beforeEach(() => emu.control.reset());
after(() => emu.stop());

const CLOUD = 'reclaimlab.onmicrosoft.com';
const NEW_PASSWORD = 'Xq7!reset-Passw0rd';

async function patchPassword(appName: string, upn: string, password = NEW_PASSWORD) {
  const token = await tokenFor(emu, appName);
  return graph(emu, token, 'PATCH', `/users/${encodeURIComponent(upn)}`, {
    passwordProfile: { password, forceChangePasswordNextSignIn: true },
  });
}

function assertUnchanged(upn: string, before: { passwordChanges: number; force: boolean }) {
  const u = emu.control.getUser(upn);
  assert.ok(u);
  assert.equal(u.hidden.passwordChanges, before.passwordChanges);
  assert.equal(u.hidden.forceChangePasswordNextSignIn, before.force);
  assert.equal(emu.control.verifyPassword(upn, NEW_PASSWORD), false);
}

const snapshot = (upn: string) => {
  const u = emu.control.getUser(upn);
  assert.ok(u);
  return { passwordChanges: u.hidden.passwordChanges, force: u.hidden.forceChangePasswordNextSignIn };
};

describe('graph emulator: PATCH passwordProfile', () => {
  it('resets a non-admin cloud user: 204, new password, force-change flag, lastPasswordChangeDateTime moved', async () => {
    const upn = `cloud.user005@${CLOUD}`;
    const before = emu.control.getUser(upn);
    emu.control.advanceClock(1000);
    const r = await patchPassword('reclaim', upn);
    assert.equal(r.status, 204, r.text);
    const after = emu.control.getUser(upn);
    assert.ok(before && after);
    assert.equal(emu.control.verifyPassword(upn, NEW_PASSWORD), true);
    assert.equal(after.hidden.forceChangePasswordNextSignIn, true);
    assert.ok(
      Date.parse(String(after.props.lastPasswordChangeDateTime)) >
        Date.parse(String(before.props.lastPasswordChangeDateTime)),
    );
    const token = await tokenFor(emu, 'reclaim');
    const read = await graph(
      emu,
      token,
      'GET',
      `/users/${after.id}?$select=lastPasswordChangeDateTime,passwordProfile`,
    );
    assert.equal(read.body.lastPasswordChangeDateTime, after.props.lastPasswordChangeDateTime);
    assert.deepEqual(read.body.passwordProfile, {
      password: null,
      forceChangePasswordNextSignIn: true,
      forceChangePasswordNextSignInWithMfa: false,
    });
  });

  it('sets only the force-change flag when no password is given, leaving the password as it was', async () => {
    const upn = `cloud.user006@${CLOUD}`;
    const token = await tokenFor(emu, 'reclaim');
    const r = await graph(emu, token, 'PATCH', `/users/${upn}`, {
      passwordProfile: { forceChangePasswordNextSignInWithMfa: true },
    });
    assert.equal(r.status, 204);
    assert.equal(emu.control.getUser(upn)?.hidden.forceChangePasswordNextSignInWithMfa, true);
    assert.equal(emu.control.verifyPassword(upn, 'Lab-Cloud-006!'), true);
  });

  it('answers 403 Authorization_RequestDenied to an app without a password permission (User.Read.All only)', async () => {
    const upn = `cloud.user007@${CLOUD}`;
    const before = snapshot(upn);
    const r = await patchPassword('reclaim-readonly', upn);
    assert.equal(r.status, 403);
    assert.equal(r.body.error.code, 'Authorization_RequestDenied');
    assert.equal(r.body.error.message, 'Insufficient privileges to complete the operation.');
    assertUnchanged(upn, before);
  });

  it('answers 403 to an app with the permission but no directory role', async () => {
    const upn = `cloud.user007@${CLOUD}`;
    const before = snapshot(upn);
    assert.equal((await patchPassword('reclaim-norole', upn)).status, 403);
    assertUnchanged(upn, before);
  });

  it('answers 403 to User.ReadWrite.All alone by default, and 204 when the setting says it suffices', async () => {
    const upn = `cloud.user008@${CLOUD}`;
    const before = snapshot(upn);
    assert.equal((await patchPassword('reclaim-userrw', upn)).status, 403);
    assertUnchanged(upn, before);
    emu.control.updateSettings({ userReadWriteAllCanWritePasswordProfile: true });
    assert.equal((await patchPassword('reclaim-userrw', upn)).status, 204);
  });

  it('follows the "who can reset passwords" matrix: User Administrator resets a Helpdesk Administrator but not a Global Administrator', async () => {
    assert.equal((await patchPassword('reclaim', `hd.dave@${CLOUD}`)).status, 204);
    for (const upn of [`ga.alice@${CLOUD}`, `paa.bob@${CLOUD}`]) {
      const before = snapshot(upn);
      const r = await patchPassword('reclaim', upn);
      assert.equal(r.status, 403, upn);
      assert.equal(r.body.error.code, 'Authorization_RequestDenied');
      assertUnchanged(upn, before);
    }
  });

  it('protects a PIM-eligible Global Administrator like an active one', async () => {
    const upn = `pim.erin@${CLOUD}`;
    const before = snapshot(upn);
    assert.equal((await patchPassword('reclaim', upn)).status, 403);
    assertUnchanged(upn, before);
    assert.equal((await patchPassword('reclaim-privileged', upn)).status, 204);
  });

  it('lets a Privileged Authentication Administrator reset a Global Administrator', async () => {
    const upn = `ga.alice@${CLOUD}`;
    assert.equal((await patchPassword('reclaim-privileged', upn)).status, 204);
    assert.equal(emu.control.verifyPassword(upn, NEW_PASSWORD), true);
  });

  it('refuses a synced user with 400 "on-premises mastered" by default, and applies a cloud override in cloudOverride mode', async () => {
    const upn = 'hybrid.fixture1@lab.example';
    const before = snapshot(upn);
    const r = await patchPassword('reclaim', upn);
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'Request_BadRequest');
    assert.match(
      r.body.error.message,
      /^Unable to update the specified properties for on-premises mastered Directory Sync objects/,
    );
    assertUnchanged(upn, before);
    emu.control.updateSettings({ syncedPasswordPatch: 'cloudOverride' });
    assert.equal((await patchPassword('reclaim', upn)).status, 204);
    assert.equal(emu.control.getUser(upn)?.hidden.cloudPasswordOverride, true);
  });

  it('refuses a user of a federated domain', async () => {
    const upn = 'fed.henry@fed.lab.example';
    const before = snapshot(upn);
    assert.equal((await patchPassword('reclaim', upn)).status, 400);
    assertUnchanged(upn, before);
  });

  it('refuses a password that fails complexity with the documented message', async () => {
    const upn = `cloud.user009@${CLOUD}`;
    const before = snapshot(upn);
    const r = await patchPassword('reclaim', upn, 'short');
    assert.equal(r.status, 400);
    assert.equal(
      r.body.error.message,
      'The specified password does not comply with password complexity requirements. Please provide a different password.',
    );
    assertUnchanged(upn, before);
    assert.equal((await patchPassword('reclaim', upn, 'alllowercaseletters')).status, 400);
  });

  it('answers 404 for an unknown user only after the permission check', async () => {
    assert.equal((await patchPassword('reclaim-readonly', 'nobody@lab.example')).status, 403);
    assert.equal((await patchPassword('reclaim', 'nobody@lab.example')).status, 404);
  });
});

describe('graph emulator: PATCH accountEnabled and revokeSignInSessions', () => {
  it('disables and re-enables a cloud user; refuses a synced user and a Global Administrator', async () => {
    const token = await tokenFor(emu, 'reclaim');
    const upn = `cloud.user010@${CLOUD}`;
    assert.equal((await graph(emu, token, 'PATCH', `/users/${upn}`, { accountEnabled: false })).status, 204);
    assert.equal(emu.control.getUser(upn)?.props.accountEnabled, false);
    assert.equal((await graph(emu, token, 'PATCH', `/users/${upn}`, { accountEnabled: true })).status, 204);
    assert.equal(emu.control.getUser(upn)?.props.accountEnabled, true);
    assert.equal(
      (await graph(emu, token, 'PATCH', '/users/hybrid.fixture2@lab.example', { accountEnabled: false })).status,
      400,
    );
    assert.equal(emu.control.getUser('hybrid.fixture2@lab.example')?.props.accountEnabled, true);
    assert.equal((await graph(emu, token, 'PATCH', `/users/ga.alice@${CLOUD}`, { accountEnabled: false })).status, 403);
    assert.equal(emu.control.getUser(`ga.alice@${CLOUD}`)?.props.accountEnabled, true);
    assert.equal((await graph(emu, token, 'PATCH', `/users/${upn}`, { accountEnabled: 'no' })).status, 400);
  });

  it('refuses read-only properties', async () => {
    const token = await tokenFor(emu, 'reclaim');
    const r = await graph(emu, token, 'PATCH', `/users/cloud.user011@${CLOUD}`, {
      lastPasswordChangeDateTime: '2020-01-01T00:00:00Z',
    });
    assert.equal(r.status, 400);
  });

  it('revokes sessions: 200 {value:true}, signInSessionsValidFromDateTime moved; refused for a Global Administrator', async () => {
    const token = await tokenFor(emu, 'reclaim');
    const upn = `cloud.user012@${CLOUD}`;
    const before = String(emu.control.getUser(upn)?.props.signInSessionsValidFromDateTime);
    emu.control.advanceClock(5000);
    const r = await graph(emu, token, 'POST', `/users/${upn}/revokeSignInSessions`);
    assert.equal(r.status, 200);
    assert.equal(r.body.value, true);
    assert.match(r.body['@odata.context'], /\$metadata#Edm\.Boolean$/);
    const after = emu.control.getUser(upn);
    assert.ok(Date.parse(String(after?.props.signInSessionsValidFromDateTime)) > Date.parse(before));
    assert.ok((after?.hidden.revocationEffectiveMs ?? 0) > emu.control.now());
    assert.equal((await graph(emu, token, 'POST', `/users/ga.alice@${CLOUD}/revokeSignInSessions`)).status, 403);
  });
});
