// The control surface over HTTP (for `reclaim lab` and manual runs) does what the in-process one
// does: seed users, change roles and settings, read raw state, reset. It lives outside /v1.0, so
// a Graph token is neither needed nor accepted as a way to reach it through Graph paths.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningGraphEmulator } from '../../../src/lab/graph/graph-emulator.ts';
import { ROLE } from '../../../src/lab/graph/role-templates.ts';
import { graph, raw, startTestEmulator, tokenFor } from './support/emulator-fixture.ts';

let emu: RunningGraphEmulator;
before(async () => {
  emu = await startTestEmulator();
});
after(() => emu.stop());

const send = (method: string, path: string, body?: unknown) =>
  raw(`${emu.url}/_emulator${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('graph emulator: control over HTTP', () => {
  it('seeds a user that Graph then serves, with roles that the reset matrix honours', async () => {
    const seeded = await send('POST', '/users', {
      users: [
        {
          userPrincipalName: 'seeded.admin@reclaimlab.onmicrosoft.com',
          password: 'Seeded-Admin-1!',
          methods: ['fido2'],
        },
      ],
    });
    assert.equal(seeded.status, 200);
    const id = seeded.body.ids[0];
    const token = await tokenFor(emu, 'reclaim');
    assert.equal(
      (await graph(emu, token, 'GET', `/users/${id}`)).body.userPrincipalName,
      'seeded.admin@reclaimlab.onmicrosoft.com',
    );
    assert.equal((await send('PUT', `/users/${id}/roles`, { active: [ROLE.globalAdmin] })).status, 200);
    assert.equal(
      (await graph(emu, token, 'PATCH', `/users/${id}`, { passwordProfile: { forceChangePasswordNextSignIn: true } }))
        .status,
      403,
    );
    const state = await send('GET', `/users/${id}`);
    assert.deepEqual(state.body.hidden.activeRoles, [ROLE.globalAdmin]);
    assert.equal(state.body.hidden.forceChangePasswordNextSignIn, false);
    assert.ok(!state.text.includes('Seeded-Admin-1!'), 'only a hash of the password is kept');
    const check = await send('POST', '/verify-password', { user: id, password: 'Seeded-Admin-1!' });
    assert.equal(check.body.matches, true);
  });

  it('lets a user change their own password after a forced reset: flags cleared, lastPasswordChangeDateTime moved, sign-in works', async () => {
    const upn = 'cloud.user015@reclaimlab.onmicrosoft.com';
    const token = await tokenFor(emu, 'reclaim');
    await graph(emu, token, 'PATCH', `/users/${upn}`, {
      passwordProfile: { password: 'Forced-Reset-1!', forceChangePasswordNextSignIn: true },
    });
    const app = emu.apps.find((a) => a.name === 'reclaim');
    const signIn = (password: string) =>
      raw(`${emu.url}/${emu.tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: app?.clientId ?? '',
          grant_type: 'password',
          username: upn,
          password,
          scope: 'https://graph.microsoft.com/.default',
        }).toString(),
      });
    assert.deepEqual(
      (await signIn('Forced-Reset-1!')).body.error_codes,
      [50055],
      'the password is expired until changed',
    );
    const resetAt = String(emu.control.getUser(upn)?.props.lastPasswordChangeDateTime);
    emu.control.advanceClock(3_600_000);
    assert.equal(
      (await send('POST', `/users/${upn}/change-password`, { password: 'Users-Own-Choice-7!' })).status,
      200,
    );
    const after = emu.control.getUser(upn);
    assert.equal(after?.hidden.forceChangePasswordNextSignIn, false);
    assert.ok(Date.parse(String(after?.props.lastPasswordChangeDateTime)) >= Date.parse(resetAt) + 3_600_000);
    assert.equal((await signIn('Users-Own-Choice-7!')).status, 200);
    const activity = await graph(emu, token, 'GET', `/users/${upn}?$select=signInActivity`);
    assert.equal(Date.parse(activity.body.signInActivity.lastSignInDateTime) >= Date.parse(resetAt) + 3_600_000, true);
  });

  it('changes settings, and reset brings back the seed and the settings', async () => {
    const changed = await send('PATCH', '/settings', { syncedPasswordPatch: 'cloudOverride' });
    assert.equal(changed.body.syncedPasswordPatch, 'cloudOverride');
    assert.equal((await send('POST', '/reset')).status, 200);
    assert.equal((await send('GET', '/settings')).body.syncedPasswordPatch, 'reject');
    assert.equal((await send('GET', '/users/seeded.admin@reclaimlab.onmicrosoft.com')).status, 404);
  });

  it('calls the password hook for a cloud PATCH and the writeback hook for a delegated resetPassword of a synced user', async () => {
    const events: string[] = [];
    const hooked = await startTestEmulator({
      settings: { passwordWriteback: true },
      hooks: {
        onPasswordChanged: (user, source) => events.push(`${source}:${String(user.props.userPrincipalName)}`),
        onWriteback: (user, password) =>
          events.push(`writeback:${String(user.props.userPrincipalName)}:${password.length}`),
      },
    });
    try {
      const token = await tokenFor(hooked, 'reclaim');
      await graph(hooked, token, 'PATCH', '/users/cloud.user001@reclaimlab.onmicrosoft.com', {
        passwordProfile: { password: 'Hooked-Passw0rd!' },
      });
      const app = hooked.apps.find((a) => a.name === 'reclaim');
      const form = new URLSearchParams({
        client_id: app?.clientId ?? '',
        grant_type: 'password',
        username: 'paa.bob@reclaimlab.onmicrosoft.com',
        password: 'Lab-Bob-2024!',
        scope: 'https://graph.microsoft.com/.default',
      });
      const t = await raw(`${hooked.url}/${hooked.tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      const r = await graph(
        hooked,
        t.body.access_token,
        'POST',
        '/users/hybrid.fixture1@lab.example/authentication/methods/28c10230-6103-485e-b985-444c60001490/resetPassword',
        { newPassword: 'Writeback-Passw0rd!' },
      );
      assert.equal(r.status, 202);
      assert.deepEqual(events, [
        'patch:cloud.user001@reclaimlab.onmicrosoft.com',
        'writeback:hybrid.fixture1@lab.example:19',
        'resetPassword:hybrid.fixture1@lab.example',
      ]);
    } finally {
      await hooked.stop();
    }
  });

  it('answers 404 to an unknown control operation and 400 to a bad body', async () => {
    assert.equal((await send('POST', '/nothing')).status, 404);
    const bad = await raw(`${emu.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    assert.equal(bad.status, 400);
  });
});
