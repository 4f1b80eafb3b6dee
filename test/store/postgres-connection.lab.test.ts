// A dropped PostgreSQL connection is STORE_UNAVAILABLE (retryable) for the query it broke, and
// the store carries on with a new connection afterwards: no restart needed.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { readKillSwitch } from '../../src/store/campaigns/kill-switch.ts';
import { createCampaign } from '../../src/store/campaigns/create-campaign.ts';
import { openStore, type Store } from '../../src/store/open-store.ts';
import { storeCall } from '../../src/store/store-error.ts';

const adminUrl = process.env.RECLAIM_TEST_PG_URL;
assert.ok(adminUrl, 'RECLAIM_TEST_PG_URL is not set: run through scripts/run-tests.mjs, which starts PostgreSQL');
const name = `reclaim_test_conn_${process.pid}`;
let store: Store;

async function admin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

before(async () => {
  await admin(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  store = await openStore(url.toString());
});
after(async () => {
  await store?.close();
  await admin(`drop database if exists "${name}" with (force)`);
});

it('a query whose connection is killed fails as STORE_UNAVAILABLE, and the next one works', async () => {
  await createCampaign(store, { id: 'c1', name: 'c1', now: new Date('2026-03-02T08:00:00.000Z') });
  const slow = storeCall('waiting', () => sql`select pg_sleep(30)`.execute(store.db));
  slow.catch(() => undefined);
  await sleep(300);
  await admin(
    `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid()`,
  );
  await assert.rejects(slow, (error: Error & { code?: string; retryable?: boolean }) => {
    assert.equal(error.code, 'STORE_UNAVAILABLE');
    assert.equal(error.retryable, true);
    return true;
  });
  // Idle pooled connections were terminated too; each may fail once (retryably) before the pool
  // notices. The store must recover on its own within a few attempts, with no restart.
  let state: Awaited<ReturnType<typeof readKillSwitch>> | undefined;
  for (let attempt = 1; attempt <= 12 && !state; attempt++) {
    try {
      state = await readKillSwitch(store, 'c1');
    } catch (error) {
      assert.equal((error as { code?: string }).code, 'STORE_UNAVAILABLE');
    }
  }
  assert.deepEqual(state, { engaged: false, changedAt: null, changedBy: null });
});
