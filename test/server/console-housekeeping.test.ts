// What the console does in the background is visible: expired sessions are removed from the store
// while `serve` runs (and said so in the log), and a dashboard status refresh that fails is logged
// with its code while the last value keeps being served with its age.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import pino from 'pino';
import { sessionCookie } from '../../src/server/create-console-server.ts';
import { startConsoleFixture, type ConsoleFixture } from './support/console-fixture.ts';

const logLines: string[] = [];
const logStream = new Writable({
  write(chunk, _enc, done) {
    logLines.push(String(chunk));
    done();
  },
});
const logged = () => logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
let f: ConsoleFixture;

before(async () => {
  f = await startConsoleFixture({
    logger: pino({ level: 'info' }, logStream),
    sessionSweepMs: 25,
    statusMaxAgeMs: 1000,
  });
});
after(async () => f.close());

/** Polls until `check` holds (the sweeper runs on a real timer), giving up after 800 polls. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let poll = 0; poll < 800; poll++) {
    if (await check()) return;
    await delay(25);
  }
  assert.fail(`never happened: ${what}`);
}

test('an expired console session is removed from the store while the console runs; a live one stays', async () => {
  const store = await f.app.store();
  const old = await f.as('operator');
  const sessions = async () => (await store.db.selectFrom('sessions').select('idHash').execute()).length;
  assert.equal(await sessions(), 1);
  f.clock.at = new Date(f.clock.at.getTime() + 8 * 3600_000 + 1000); // past the 8 h session lifetime
  const live = await f.as('helpdesk');
  await eventually(async () => (await sessions()) === 1, 'the expired session removed');
  const oldCall = await f.server.inject({
    method: 'GET',
    url: '/api/session',
    cookies: { [sessionCookie]: old.cookie },
  });
  const liveCall = await f.server.inject({
    method: 'GET',
    url: '/api/session',
    cookies: { [sessionCookie]: live.cookie },
  });
  assert.deepEqual([oldCall.statusCode, liveCall.statusCode], [401, 200]);
  assert.ok(
    logged().some((l) => l.msg === 'expired console sessions removed' && Number(l.removed) >= 1),
    'the sweep is logged',
  );
});

test('a failed dashboard status refresh is logged with its code, and the last status is still served with its age', async () => {
  const store = await f.app.store();
  const signed = await f.as('operator');
  const status = () =>
    f.server.inject({
      method: 'GET',
      url: `/api/campaigns/${f.campaignId}/status`,
      cookies: { [sessionCookie]: signed.cookie },
    });
  const first = await status();
  assert.equal(first.statusCode, 200);
  const firstAsOf = (first.json() as { asOf: string }).asOf;
  // The status reads helpdesk_verifications; sign-in does not. Without it, the refresh fails.
  await sql`alter table helpdesk_verifications rename to helpdesk_verifications_away`.execute(store.db);
  try {
    f.clock.at = new Date(f.clock.at.getTime() + 5000);
    const stale = await status();
    assert.equal(stale.statusCode, 200);
    assert.equal((stale.json() as { asOf: string }).asOf, firstAsOf, 'the previous value, with its age');
    await eventually(
      async () =>
        logged().some((l) => typeof l.msg === 'string' && l.msg.startsWith('refreshing the dashboard status failed')),
      'the failed refresh logged',
    );
    const line = logged().find(
      (l) => typeof l.msg === 'string' && l.msg.startsWith('refreshing the dashboard status failed'),
    )!;
    assert.deepEqual([line.cacheKey, line.code, line.level], [f.campaignId, 'UNEXPECTED', 40]);
  } finally {
    await sql`alter table helpdesk_verifications_away rename to helpdesk_verifications`.execute(store.db);
  }
});
