// The same campaign report on a PostgreSQL store (a fresh database from RECLAIM_TEST_PG_URL,
// dropped at the end): ids come back as bigint strings and counts as text there, and the report's
// figures must still be exactly the store's.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { assertReportMatchesStore, runReportCampaign, type ReportCampaign } from './support/report-campaign.ts';

const adminUrl = process.env.RECLAIM_TEST_PG_URL;
assert.ok(adminUrl, 'RECLAIM_TEST_PG_URL is not set: run through scripts/run-tests.mjs, which starts PostgreSQL');
const database = `reclaim_report_${process.pid}_${Date.now().toString(36)}`;
let ctx: ReportCampaign | undefined;

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
  await admin(`create database "${database}"`);
  const url = new URL(adminUrl!);
  url.pathname = `/${database}`;
  ctx = await runReportCampaign({ storeUrl: url.toString() });
});
after(async () => {
  await ctx?.env.close();
  await admin(`drop database if exists "${database}" with (force)`);
});

describe('the campaign report on PostgreSQL', () => {
  it('shows per wave, per state and per segment exactly what the store holds', async () => {
    assert.ok(ctx!.env.configFile);
    await assertReportMatchesStore(ctx!);
  });
});
