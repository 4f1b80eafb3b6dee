// GET /users follows Entra's query rules: default property set, $select, paging through an opaque
// absolute nextLink, advanced-query operators only with ConsistencyLevel: eventual + $count=true,
// no $skip, $top bounds, single-user-only properties, signInActivity licensing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningGraphEmulator } from '../../../src/lab/graph/graph-emulator.ts';
import { graph, raw, startTestEmulator, tokenFor } from './support/emulator-fixture.ts';

let emu: RunningGraphEmulator;
let token: string;
before(async () => {
  emu = await startTestEmulator();
  token = await tokenFor(emu, 'reclaim');
});
after(() => emu.stop());

describe('graph emulator: GET /users', () => {
  it('pages through every user with an opaque absolute @odata.nextLink, without repeating or skipping one', async () => {
    const seen: string[] = [];
    let url: string | undefined = `${emu.url}/v1.0/users?$select=id,userPrincipalName&$top=7`;
    let pages = 0;
    while (url) {
      const r = await raw(url, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(r.status, 200, r.text);
      assert.ok(r.body.value.length <= 7);
      seen.push(...r.body.value.map((u: { id: string }) => u.id));
      url = r.body['@odata.nextLink'];
      if (url) {
        assert.ok(url.startsWith(`${emu.url}/v1.0/users?`), 'absolute link to the emulator');
        assert.match(url, /\$skiptoken=|%24skiptoken=/);
      }
      pages += 1;
    }
    const all = emu.control.listUsers().map((u) => u.id);
    assert.equal(seen.length, all.length);
    assert.deepEqual(new Set(seen), new Set(all));
    assert.equal(pages, Math.ceil(all.length / 7));
  });

  it('returns the default property set without $select, and never a password', async () => {
    const r = await graph(emu, token, 'GET', '/users?$top=1');
    assert.deepEqual(Object.keys(r.body.value[0]).sort(), [
      'businessPhones',
      'displayName',
      'givenName',
      'id',
      'jobTitle',
      'mail',
      'mobilePhone',
      'officeLocation',
      'preferredLanguage',
      'surname',
      'userPrincipalName',
    ]);
    const p = await graph(emu, token, 'GET', '/users?$select=id,passwordProfile&$top=50');
    for (const u of p.body.value) assert.equal(u.passwordProfile.password, null);
  });

  it('filters with eq, startsWith and in without advanced parameters', async () => {
    const eq = await graph(emu, token, 'GET', '/users?$filter=accountEnabled eq false&$select=userPrincipalName');
    assert.deepEqual(
      eq.body.value.map((u: { userPrincipalName: string }) => u.userPrincipalName),
      ['disabled.gina@reclaimlab.onmicrosoft.com'],
    );
    const sw = await graph(
      emu,
      token,
      'GET',
      `/users?$filter=${encodeURIComponent("startsWith(userPrincipalName,'pim.')")}&$select=id`,
    );
    assert.equal(sw.body.value.length, 2);
    const inq = await graph(
      emu,
      token,
      'GET',
      `/users?$filter=${encodeURIComponent("userPrincipalName in ('ga.alice@reclaimlab.onmicrosoft.com','paa.bob@reclaimlab.onmicrosoft.com')")}`,
    );
    assert.equal(inq.body.value.length, 2);
  });

  it('refuses endsWith without ConsistencyLevel: eventual and $count=true, and accepts it with them (with @odata.count)', async () => {
    const f = encodeURIComponent("endsWith(userPrincipalName,'@lab.example')");
    const refused = await graph(emu, token, 'GET', `/users?$filter=${f}`);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.code, 'Request_UnsupportedQuery');
    assert.match(
      refused.body.error.message,
      /^Operator 'endsWith' is not supported because the required parameters might be missing/,
    );
    const ok = await graph(emu, token, 'GET', `/users?$filter=${f}&$count=true`, undefined, {
      ConsistencyLevel: 'eventual',
    });
    assert.equal(ok.status, 200);
    const synced = emu.control.listUsers().filter((u) => String(u.props.userPrincipalName).endsWith('@lab.example'));
    assert.equal(ok.body['@odata.count'], synced.length);
    assert.equal(ok.body.value.length, synced.length);
  });

  it('ignores $count=true silently without the ConsistencyLevel header', async () => {
    const r = await graph(emu, token, 'GET', '/users?$count=true&$top=1');
    assert.equal(r.status, 200);
    assert.equal(r.body['@odata.count'], undefined);
  });

  it('refuses $search without the header, $skip, $top above 999, unknown and unindexed properties', async () => {
    const search = await graph(emu, token, 'GET', '/users?$search="displayName:alice"');
    assert.equal(search.status, 400);
    assert.match(search.body.error.message, /ConsistencyLevel: eventual/);
    assert.equal((await graph(emu, token, 'GET', '/users?$skip=5')).status, 400);
    assert.equal((await graph(emu, token, 'GET', '/users?$top=1000')).status, 400);
    const unknown = await graph(emu, token, 'GET', '/users?$select=id,favouriteColour');
    assert.equal(unknown.status, 400);
    const unindexed = await graph(emu, token, 'GET', `/users?$filter=${encodeURIComponent("city eq 'Paris'")}`);
    assert.equal(unindexed.body.error.code, 'Request_UnsupportedQuery');
    assert.match(unindexed.body.error.message, /property 'city' of resource 'User'/);
  });

  it('answers 501 for a single-user-only property on the list, and returns it for one user', async () => {
    assert.equal((await graph(emu, token, 'GET', '/users?$select=id,aboutMe')).status, 501);
    const one = await graph(emu, token, 'GET', '/users/ga.alice@reclaimlab.onmicrosoft.com?$select=id,aboutMe');
    assert.equal(one.status, 200);
    assert.ok('aboutMe' in one.body);
  });

  it('gets a user by id or UPN, and answers 404 Request_ResourceNotFound for an unknown one', async () => {
    const alice = emu.control.getUser('ga.alice@reclaimlab.onmicrosoft.com');
    assert.ok(alice);
    const byId = await graph(
      emu,
      token,
      'GET',
      `/users/${alice.id}?$select=id,onPremisesSyncEnabled,lastPasswordChangeDateTime`,
    );
    assert.equal(byId.body.id, alice.id);
    assert.equal(byId.body.onPremisesSyncEnabled, null);
    const missing = await graph(emu, token, 'GET', '/users/00000000-0000-4000-8000-000000000000');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'Request_ResourceNotFound');
    assert.equal(
      missing.body.error.message,
      "Resource '00000000-0000-4000-8000-000000000000' does not exist or one of its queried reference-property objects are not present.",
    );
  });

  it('returns synced users with their on-premises join keys', async () => {
    const f = encodeURIComponent('onPremisesSyncEnabled eq true');
    const r = await graph(
      emu,
      token,
      'GET',
      `/users?$filter=${f}&$select=id,onPremisesImmutableId,onPremisesSecurityIdentifier,onPremisesSamAccountName`,
    );
    assert.ok(r.body.value.length >= 3);
    for (const u of r.body.value) {
      assert.equal(Buffer.from(u.onPremisesImmutableId, 'base64').length, 16);
      assert.match(u.onPremisesSecurityIdentifier, /^S-1-5-21-\d+-\d+-\d+-\d+$/);
    }
  });

  it('limits signInActivity to $top 500, P1 tenants and AuditLog.Read.All', async () => {
    assert.equal((await graph(emu, token, 'GET', '/users?$select=id,signInActivity&$top=501')).status, 400);
    assert.equal((await graph(emu, token, 'GET', '/users?$select=id,signInActivity&$top=500')).status, 200);
    const readonly = await tokenFor(emu, 'reclaim-readonly');
    assert.equal((await graph(emu, readonly, 'GET', '/users?$select=id,signInActivity')).status, 403);
    emu.control.updateSettings({ licences: { p1: false, p2: false } });
    try {
      const r = await graph(emu, token, 'GET', '/users?$select=id,signInActivity');
      assert.equal(r.status, 403);
      assert.equal(r.body.error.code, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant');
    } finally {
      emu.control.updateSettings({ licences: { p1: true, p2: true } });
    }
  });

  it('refuses a caller without the endpoint permission: an inventory-only app may list users but not read the organization', async () => {
    const readonly = await tokenFor(emu, 'reclaim-readonly');
    assert.equal((await graph(emu, readonly, 'GET', '/users?$top=1')).status, 200);
    const org = await graph(emu, readonly, 'GET', '/organization');
    assert.equal(org.status, 403);
    assert.equal(org.body.error.code, 'Authorization_RequestDenied');
  });
});
