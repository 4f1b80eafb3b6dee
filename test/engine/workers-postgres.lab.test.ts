// Several workers on one campaign over PostgreSQL (claims with FOR UPDATE SKIP LOCKED): every
// action is applied exactly once, and the work is shared. A fresh database for this file.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { runActions } from '../../src/engine/run-actions.ts';
import { MemoryDirectory } from './support/a-memory-directory.ts';
import { anEngineFixture, fastRun, planActions, runDeps, statesOf, type EngineFixture } from './support/engine-fixture.ts';

const adminUrl = process.env.RECLAIM_TEST_PG_URL;
assert.ok(adminUrl, 'RECLAIM_TEST_PG_URL is not set: run through scripts/run-tests.mjs, which starts PostgreSQL');
const database = `reclaim_engine_${process.pid}_${Date.now().toString(36)}`;
let fixture: EngineFixture;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

before(async () => {
  await admin(`create database "${database}"`);
  const url = new URL(adminUrl!);
  url.pathname = `/${database}`;
  fixture = await anEngineFixture({ storeUrl: url.toString() });
});
after(async () => {
  await fixture?.close();
  await admin(`drop database if exists "${database}" with (force)`);
});

describe('workers on PostgreSQL', () => {
  it('three workers share a wave; each action is applied exactly once', async () => {
    const ad = new MemoryDirectory('corp-ad').withUsers(300);
    ad.latencyMs = 3;
    await planActions(fixture, ad, 'requireChange');
    const limits = { 'corp-ad': { concurrency: 4, ratePerSecond: Infinity, burst: 1 } };
    const summaries = await Promise.all(['w1', 'w2', 'w3'].map((owner) => runActions(runDeps(fixture, [ad], { owner }), { campaignId: fixture.campaignId, limits, ...fastRun })));
    assert.equal(summaries.reduce((n, s) => n + s.applied, 0), 300);
    assert.ok(summaries.filter((s) => s.applied > 0).length >= 2, `the work was shared: ${summaries.map((s) => s.applied).join(', ')}`);
    assert.deepEqual(await statesOf(fixture.store, fixture.campaignId), { applied: 300 });
    for (const user of ad.users.values()) assert.equal(ad.writesTo(user.key).length, 1, `${user.name} written once`);
  });
});
