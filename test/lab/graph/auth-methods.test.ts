// Temporary Access Pass, authentication methods and resetPassword behave as graph.md A4-A6
// describe: the pass is shown once, a new one replaces the old, the policy is enforced;
// resetPassword is delegated-only and asynchronous, landing the password when it succeeds.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningGraphEmulator } from '../../../src/lab/graph/graph-emulator.ts';
import { graph, raw, startTestEmulator, tokenFor } from './support/emulator-fixture.ts';

let emu: RunningGraphEmulator;
let token: string;
before(async () => {
  emu = await startTestEmulator();
});
beforeEach(async () => {
  emu.control.reset();
  // a fresh token each time: some tests move the clock past the previous one's expiry
  token = await tokenFor(emu, 'reclaim');
});
after(() => emu.stop());

const CLOUD = 'reclaimlab.onmicrosoft.com';
const PASSWORD_METHOD = '28c10230-6103-485e-b985-444c60001490';
const tapPath = (upn: string) => `/users/${upn}/authentication/temporaryAccessPassMethods`;

async function delegatedToken(username: string, password: string): Promise<string> {
  const app = emu.apps.find((a) => a.name === 'reclaim');
  assert.ok(app);
  const r = await raw(`${emu.url}/${emu.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: app.clientId,
      grant_type: 'password',
      username,
      password,
      scope: 'https://graph.microsoft.com/.default',
    }).toString(),
  });
  assert.equal(r.status, 200, r.text);
  return r.body.access_token;
}

describe('graph emulator: Temporary Access Pass', () => {
  it('creates a pass (201) shown only in that answer; listing shows it without the pass', async () => {
    const upn = `cloud.user001@${CLOUD}`;
    const r = await graph(emu, token, 'POST', tapPath(upn), { lifetimeInMinutes: 60, isUsableOnce: true });
    assert.equal(r.status, 201, r.text);
    assert.equal(typeof r.body.temporaryAccessPass, 'string');
    assert.equal(r.body.temporaryAccessPass.length, 8);
    assert.equal(r.body.isUsable, true);
    assert.equal(r.body.methodUsabilityReason, 'EnabledByPolicy');
    const list = await graph(emu, token, 'GET', tapPath(upn));
    assert.equal(list.body.value.length, 1);
    assert.equal(list.body.value[0].temporaryAccessPass, null);
    assert.ok(!list.text.includes(r.body.temporaryAccessPass));
    assert.ok(
      !JSON.stringify(emu.control.getUser(upn)).includes(r.body.temporaryAccessPass),
      'state keeps a hash only',
    );
  });

  it('replaces the current pass when a second one is created', async () => {
    const upn = `cloud.user002@${CLOUD}`;
    const first = await graph(emu, token, 'POST', tapPath(upn), {});
    const second = await graph(emu, token, 'POST', tapPath(upn), {});
    assert.equal(second.status, 201);
    const list = await graph(emu, token, 'GET', tapPath(upn));
    assert.deepEqual(
      list.body.value.map((t: { id: string }) => t.id),
      [second.body.id],
    );
    assert.notEqual(first.body.id, second.body.id);
  });

  it('reports NotYetValid for a future start and Expired after its lifetime', async () => {
    const upn = `cloud.user003@${CLOUD}`;
    const start = new Date(emu.control.now() + 3_600_000).toISOString();
    const r = await graph(emu, token, 'POST', tapPath(upn), { startDateTime: start, lifetimeInMinutes: 60 });
    assert.equal(r.body.isUsable, false);
    assert.equal(r.body.methodUsabilityReason, 'NotYetValid');
    emu.control.advanceClock(2 * 3_600_000 + 1000);
    const later = await graph(emu, await tokenFor(emu, 'reclaim'), 'GET', `${tapPath(upn)}/${r.body.id}`);
    assert.equal(later.body.methodUsabilityReason, 'Expired');
  });

  it('enforces the policy: lifetime range, one-time passes, disabled policy, excluded user, guests', async () => {
    // seven calls in a row: this test is about the policy, not the 5-per-10-s limit of these calls
    emu.control.updateSettings({ authMethodsBucket: 'identity' });
    const upn = `cloud.user004@${CLOUD}`;
    assert.equal((await graph(emu, token, 'POST', tapPath(upn), { lifetimeInMinutes: 5 })).status, 400);
    assert.equal((await graph(emu, token, 'POST', tapPath(upn), { lifetimeInMinutes: 481 })).status, 400);
    const guest = await graph(emu, token, 'POST', tapPath(encodeURIComponent(`partner_example.net#EXT#@${CLOUD}`)), {});
    assert.equal(guest.status, 400);
    assert.equal(guest.body.error.message, 'Temporary Access Pass cannot be added to an external guest user');
    emu.control.updateSettings({ tapPolicy: { ...emu.control.settings().tapPolicy, isUsableOnce: true } });
    assert.equal((await graph(emu, token, 'POST', tapPath(upn), { isUsableOnce: false })).status, 400);
    const id = emu.control.getUser(upn)?.id ?? '';
    emu.control.updateSettings({
      tapPolicy: { ...emu.control.settings().tapPolicy, isUsableOnce: false, excludeTargets: [id] },
    });
    assert.equal((await graph(emu, token, 'POST', tapPath(upn), {})).status, 400);
    emu.control.updateSettings({
      tapPolicy: { ...emu.control.settings().tapPolicy, excludeTargets: [], state: 'disabled' },
    });
    const disabled = await graph(emu, token, 'POST', tapPath(upn), {});
    assert.equal(disabled.status, 400);
    assert.match(disabled.body.error.message, /TemporaryAccessPass/);
    assert.equal(emu.control.getUser(upn)?.hidden.tap, undefined);
  });

  it('needs a TAP write permission, and deletes a pass', async () => {
    const upn = `cloud.user005@${CLOUD}`;
    assert.equal((await graph(emu, await tokenFor(emu, 'reclaim-readonly'), 'POST', tapPath(upn), {})).status, 403);
    const created = await graph(emu, token, 'POST', tapPath(upn), {});
    assert.equal((await graph(emu, token, 'DELETE', `${tapPath(upn)}/${created.body.id}`)).status, 204);
    assert.equal(emu.control.getUser(upn)?.hidden.tap, undefined);
    assert.equal((await graph(emu, token, 'DELETE', `${tapPath(upn)}/${created.body.id}`)).status, 404);
  });

  it('changes the TAP policy as an Authentication Policy or Global Administrator only, validating the values', async () => {
    const path = '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass';
    assert.equal((await graph(emu, token, 'PATCH', path, { maximumLifetimeInMinutes: 600 })).status, 403);
    const bob = await delegatedToken(`paa.bob@${CLOUD}`, 'Lab-Bob-2024!');
    assert.equal(
      (await graph(emu, bob, 'PATCH', path, { maximumLifetimeInMinutes: 600 })).status,
      403,
      'PAA is not a policy admin',
    );
    const alice = await delegatedToken(`ga.alice@${CLOUD}`, 'Lab-Alice-2024!');
    assert.equal((await graph(emu, alice, 'PATCH', path, { maximumLifetimeInMinutes: 5 })).status, 400);
    assert.equal(
      (await graph(emu, alice, 'PATCH', path, { minimumLifetimeInMinutes: 120, defaultLifetimeInMinutes: 60 })).status,
      400,
    );
    assert.equal((await graph(emu, alice, 'PATCH', path, { colour: 'blue' })).status, 400);
    assert.equal(emu.control.settings().tapPolicy.maximumLifetimeInMinutes, 480);
    assert.equal(
      (await graph(emu, alice, 'PATCH', path, { maximumLifetimeInMinutes: 600, defaultLength: 12 })).status,
      204,
    );
    const read = await graph(emu, token, 'GET', path);
    assert.equal(read.body.maximumLifetimeInMinutes, 600);
    const tap = await graph(emu, token, 'POST', tapPath(`cloud.user010@${CLOUD}`), { lifetimeInMinutes: 600 });
    assert.equal(tap.status, 201);
    assert.equal(tap.body.temporaryAccessPass.length, 12);
  });

  it('reads the TAP policy document', async () => {
    const r = await graph(
      emu,
      token,
      'GET',
      '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass',
    );
    assert.equal(r.status, 200);
    assert.equal(r.body.state, 'enabled');
    assert.equal(r.body.minimumLifetimeInMinutes, 60);
  });
});

describe('graph emulator: authentication methods and registration details', () => {
  it('lists methods with their @odata.type, and deleting the last phone updates registration details', async () => {
    const upn = `cloud.user003@${CLOUD}`; // seeded with a phone only
    const list = await graph(emu, token, 'GET', `/users/${upn}/authentication/methods`);
    const types = list.body.value.map((m: Record<string, string>) => m['@odata.type']).sort();
    assert.deepEqual(types, [
      '#microsoft.graph.passwordAuthenticationMethod',
      '#microsoft.graph.phoneAuthenticationMethod',
    ]);
    const phone = list.body.value.find(
      (m: Record<string, string>) => m['@odata.type'] === '#microsoft.graph.phoneAuthenticationMethod',
    );
    // the operator app holds UserAuthenticationMethod.Read.All only
    assert.equal(
      (await graph(emu, token, 'DELETE', `/users/${upn}/authentication/phoneMethods/${phone.id}`)).status,
      403,
    );
    assert.equal(emu.control.getUser(upn)?.hidden.methods.length, 2);
    const admin = await delegatedToken(`ga.alice@${CLOUD}`, 'Lab-Alice-2024!');
    assert.equal(
      (await graph(emu, admin, 'DELETE', `/users/${upn}/authentication/phoneMethods/${phone.id}`)).status,
      204,
    );
    const reg = await graph(
      emu,
      token,
      'GET',
      `/reports/authenticationMethods/userRegistrationDetails/${emu.control.getUser(upn)?.id}`,
    );
    assert.deepEqual(reg.body.methodsRegistered, []);
    assert.equal(reg.body.isMfaRegistered, false);
  });

  it('the default method goes last and the mobile phone after the alternate one (phoneauthenticationmethod-delete); these calls share 5 per 10 s', async () => {
    const upn = `methods.order@${CLOUD}`;
    emu.control.seedUsers([
      {
        userPrincipalName: upn,
        methods: ['microsoftAuthenticatorPush', 'mobilePhone', 'alternateMobilePhone', 'fido2'],
      },
    ]);
    const admin = await delegatedToken(`ga.alice@${CLOUD}`, 'Lab-Alice-2024!');
    const del = async (collection: string, id: string) => {
      emu.control.advanceClock(10_000); // a fresh window of the 5-per-10-s limit for each call
      return graph(emu, admin, 'DELETE', `/users/${upn}/authentication/${collection}/${id}`);
    };
    const methods = emu.control.getUser(upn)!.hidden.methods;
    const id = (type: string) => methods.find((m) => m.odataType === type)!.id;
    const authenticator = await del('microsoftAuthenticatorMethods', id('microsoftAuthenticatorAuthenticationMethod'));
    assert.equal(authenticator.status, 400);
    assert.equal(authenticator.body.error.message, 'Cannot delete default method with other methods configured');
    const mobile = await del('phoneMethods', '3179e48a-750b-4051-897c-87b9720928f7');
    assert.equal(mobile.status, 400);
    assert.match(mobile.body.error.message, /alternateMobile/);
    assert.equal((await del('phoneMethods', 'b6332ec1-7057-4abe-9331-3d72feddfe41')).status, 204);
    assert.equal((await del('phoneMethods', '3179e48a-750b-4051-897c-87b9720928f7')).status, 204);
    assert.equal((await del('fido2Methods', id('fido2AuthenticationMethod'))).status, 204);
    assert.equal(
      (await del('microsoftAuthenticatorMethods', id('microsoftAuthenticatorAuthenticationMethod'))).status,
      204,
      'the default method, once alone',
    );
    assert.deepEqual(
      emu.control.getUser(upn)!.hidden.methods.map((m) => m.odataType),
      ['passwordAuthenticationMethod'],
    );
    // on real-time windows (this file's emulator runs them 100x faster), the sixth method call within 10 s is refused
    const real = await startTestEmulator({ timeScale: 1 });
    try {
      const realToken = await tokenFor(real, 'reclaim');
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push((await graph(real, realToken, 'GET', `/users/ga.alice@${CLOUD}/authentication/methods`)).status);
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
    } finally {
      await real.stop();
    }
  });

  it('filters registration details (isAdmin, methodsRegistered/any) and needs a P1 licence', async () => {
    const admins = await graph(
      emu,
      token,
      'GET',
      '/reports/authenticationMethods/userRegistrationDetails?$filter=isAdmin eq true&$top=100',
    );
    assert.equal(admins.status, 200);
    const upns = admins.body.value.map((r: { userPrincipalName: string }) => r.userPrincipalName);
    assert.ok(upns.includes(`pim.erin@${CLOUD}`), 'eligible admins count as admins');
    assert.ok(!upns.includes(`cloud.user001@${CLOUD}`));
    const fido = await graph(
      emu,
      token,
      'GET',
      `/reports/authenticationMethods/userRegistrationDetails?$filter=${encodeURIComponent("methodsRegistered/any(m: m eq 'fido2')")}`,
    );
    assert.deepEqual(fido.body.value.map((r: { userPrincipalName: string }) => r.userPrincipalName).sort(), [
      `breakglass01@${CLOUD}`,
      `ga.alice@${CLOUD}`,
    ]);
    emu.control.updateSettings({ licences: { p1: false, p2: false } });
    assert.equal(
      (await graph(emu, token, 'GET', '/reports/authenticationMethods/userRegistrationDetails')).status,
      403,
    );
  });
});

describe('graph emulator: resetPassword (delegated only, long-running)', () => {
  it('refuses an app-only token with 403', async () => {
    const r = await graph(
      emu,
      token,
      'POST',
      `/users/cloud.user006@${CLOUD}/authentication/methods/${PASSWORD_METHOD}/resetPassword`,
      { newPassword: 'Xy!9-new-Password' },
    );
    assert.equal(r.status, 403);
  });

  it('answers 202 with a Location; the operation goes notStarted → running → succeeded with the clock and then the password is in place', async () => {
    const upn = `cloud.user006@${CLOUD}`;
    const admin = await delegatedToken(`paa.bob@${CLOUD}`, 'Lab-Bob-2024!');
    const r = await graph(emu, admin, 'POST', `/users/${upn}/authentication/methods/${PASSWORD_METHOD}/resetPassword`, {
      newPassword: 'Xy!9-new-Password',
    });
    assert.equal(r.status, 202, r.text);
    assert.deepEqual(r.body, {});
    const location = r.headers.location ?? '';
    assert.match(location, new RegExp(`^${emu.url}/v1.0/users/[^/]+/authentication/operations/[^/?]+\\?aadgdc=`));
    const poll = async () => (await raw(location, { headers: { authorization: `Bearer ${admin}` } })).body.status;
    assert.equal(await poll(), 'notStarted');
    assert.equal(emu.control.verifyPassword(upn, 'Xy!9-new-Password'), false);
    emu.control.advanceClock(2500);
    assert.equal(await poll(), 'running');
    emu.control.advanceClock(2000);
    assert.equal(await poll(), 'succeeded');
    assert.equal(emu.control.verifyPassword(upn, 'Xy!9-new-Password'), true);
    assert.equal(emu.control.getUser(upn)?.hidden.forceChangePasswordNextSignIn, true);
  });

  it('generates a password when none is given and returns it once, as passwordResetResponse', async () => {
    const upn = `cloud.user007@${CLOUD}`;
    const admin = await delegatedToken(`ga.alice@${CLOUD}`, 'Lab-Alice-2024!');
    const r = await graph(
      emu,
      admin,
      'POST',
      `/users/${upn}/authentication/methods/${PASSWORD_METHOD}/resetPassword`,
      {},
    );
    assert.equal(r.status, 202);
    assert.match(r.body['@odata.context'], /passwordResetResponse$/);
    emu.control.advanceClock(5000);
    assert.equal(emu.control.verifyPassword(upn, r.body.newPassword), true);
  });

  it('refuses a synced user without writeback, a helpdesk admin caller, and the caller own account', async () => {
    const bob = await delegatedToken(`paa.bob@${CLOUD}`, 'Lab-Bob-2024!');
    const path = (upn: string) => `/users/${upn}/authentication/methods/${PASSWORD_METHOD}/resetPassword`;
    assert.equal(
      (await graph(emu, bob, 'POST', path('hybrid.fixture1@lab.example'), { newPassword: 'Xy!9-new-Password' })).status,
      400,
    );
    assert.equal(
      (await graph(emu, bob, 'POST', path(`paa.bob@${CLOUD}`), { newPassword: 'Xy!9-new-Password' })).status,
      400,
    );
    const dave = await delegatedToken(`hd.dave@${CLOUD}`, 'Lab-Dave-2024!');
    assert.equal(
      (await graph(emu, dave, 'POST', path(`cloud.user008@${CLOUD}`), { newPassword: 'Xy!9-new-Password' })).status,
      403,
    );
  });

  it('pushes the new password to the writeback hook for a synced user when writeback is on', async () => {
    emu.control.updateSettings({ passwordWriteback: true });
    const bob = await delegatedToken(`paa.bob@${CLOUD}`, 'Lab-Bob-2024!');
    const r = await graph(
      emu,
      bob,
      'POST',
      `/users/hybrid.fixture2@lab.example/authentication/methods/${PASSWORD_METHOD}/resetPassword`,
      {},
    );
    assert.equal(r.status, 400, 'newPassword is required in hybrid mode');
    const ok = await graph(
      emu,
      bob,
      'POST',
      `/users/hybrid.fixture2@lab.example/authentication/methods/${PASSWORD_METHOD}/resetPassword`,
      { newPassword: 'Xy!9-new-Password' },
    );
    assert.equal(ok.status, 202);
  });
});
