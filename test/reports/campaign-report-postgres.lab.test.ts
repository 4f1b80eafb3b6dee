// The same campaign report on a PostgreSQL store (a fresh database from RECLAIM_TEST_PG_URL,
// dropped at the end): ids come back as bigint strings and counts as text there, and the report's
// figures must still be exactly the store's.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freshPostgresDatabases } from '../support/fresh-postgres-database.ts';
import { assertReportMatchesStore, runReportCampaign, type ReportCampaign } from './support/report-campaign.ts';

let ctx: ReportCampaign | undefined;
// registered before the helper's own after hook, so the store closes before its database is dropped
after(async () => ctx?.env.close());
const freshPostgres = freshPostgresDatabases('report');

before(async () => {
  ctx = await runReportCampaign({ storeUrl: await freshPostgres() });
});

describe('the campaign report on PostgreSQL', () => {
  it('shows per wave, per state and per segment exactly what the store holds', async () => {
    assert.ok(ctx!.env.configFile);
    await assertReportMatchesStore(ctx!);
  });
});
