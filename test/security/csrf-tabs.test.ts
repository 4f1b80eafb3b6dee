// The property defended: the CSRF token lets every tab of one session act, and nothing else. Two
// tabs reload (two GET /api/session) and the first tab's token still works; a forged, empty or
// other session's token is refused and changes nothing; the token is 256 bits, differs per
// session, and the store holds only its hash.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { sessionCookie } from '../../src/server/create-console-server.ts';
import { startConsoleFixture, type ConsoleFixture, type Signed } from '../server/support/console-fixture.ts';

let f: ConsoleFixture;
before(async () => {
  f = await startConsoleFixture();
});
after(async () => f.close());

const session = async (signed: Signed) => {
  const response = await f.server.inject({
    method: 'GET',
    url: '/api/session',
    cookies: { [sessionCookie]: signed.cookie },
  });
  assert.equal(response.statusCode, 200, response.body);
  return (response.json() as { csrfToken: string }).csrfToken;
};
const post = (signed: Signed, url: string, csrf: string | undefined, payload: object = {}) =>
  f.server.inject({
    method: 'POST',
    url,
    cookies: { [sessionCookie]: signed.cookie },
    payload,
    ...(csrf !== undefined ? { headers: { 'x-csrf-token': csrf } } : {}),
  });
const engaged = async (signed: Signed) =>
  (
    (
      await f.server.inject({
        method: 'GET',
        url: `/api/campaigns/${f.campaignId}/status`,
        cookies: { [sessionCookie]: signed.cookie },
      })
    ).json() as { killSwitch: { engaged: boolean } }
  ).killSwitch.engaged;

test("two tabs reload, then the first tab's token still acts; the sign-in token is the same one", async () => {
  const commander = await f.as('commander');
  const tabOne = await session(commander);
  const tabTwo = await session(commander);
  assert.equal(tabOne, tabTwo);
  assert.equal(tabOne, commander.csrf, 'the token given at sign-in is the one every reload returns');
  const paused = await post(commander, `/api/campaigns/${f.campaignId}/pause`, tabOne, { reason: 'tab one' });
  assert.equal(paused.statusCode, 200, paused.body);
  assert.equal(await engaged(commander), true);
  const resumed = await post(commander, `/api/campaigns/${f.campaignId}/resume`, tabTwo);
  assert.equal(resumed.statusCode, 200, resumed.body);
  assert.equal(await engaged(commander), false);
});

test("a wrong, empty, missing or other session's token is refused and changes nothing", async () => {
  const commander = await f.as('commander');
  const other = await f.as('operator');
  await session(commander);
  const flipped = `${commander.csrf.slice(0, -1)}${commander.csrf.endsWith('A') ? 'B' : 'A'}`;
  for (const csrf of ['forged', '', undefined, other.csrf, flipped, commander.cookie]) {
    const response = await post(commander, `/api/campaigns/${f.campaignId}/pause`, csrf, { reason: 'forged' });
    assert.equal(response.statusCode, 403, `token ${String(csrf)}: ${response.body}`);
    assert.equal((response.json() as { error: { code: string } }).error.code, 'PERMISSION_DENIED');
  }
  assert.equal(await engaged(commander), false, 'no forged request paused the campaign');
});

test('the token is 256 bits, per session, and stored only as its hash', async () => {
  const a = await f.as('viewer');
  const b = await f.as('viewer');
  assert.notEqual(a.csrf, b.csrf);
  assert.equal(Buffer.from(a.csrf, 'base64url').length, 32);
  const store = await f.app.store();
  const rows = await store.db.selectFrom('sessions').selectAll().execute();
  const dump = JSON.stringify(rows);
  assert.ok(!dump.includes(a.csrf) && !dump.includes(a.cookie), 'neither token is stored as it is');
  const row = rows.find((r) => r.idHash === createHash('sha256').update(a.cookie).digest('hex'));
  assert.equal(row?.csrfTokenHash, createHash('sha256').update(a.csrf).digest('hex'));
});

test("a session opened before tokens were derived (a random token's hash) gets the derived token at its next reload", async () => {
  const commander = await f.as('commander');
  const store = await f.app.store();
  const idHash = createHash('sha256').update(commander.cookie).digest('hex');
  await store.db
    .updateTable('sessions')
    .set({ csrfTokenHash: createHash('sha256').update('an older random token').digest('hex') })
    .where('idHash', '=', idHash)
    .execute();
  assert.equal(
    (await post(commander, `/api/campaigns/${f.campaignId}/resume`, commander.csrf)).statusCode,
    403,
    'the stored hash is what is checked',
  );
  const reloaded = await session(commander);
  assert.equal(reloaded, commander.csrf);
  assert.equal((await post(commander, `/api/campaigns/${f.campaignId}/resume`, reloaded)).statusCode, 200);
});
