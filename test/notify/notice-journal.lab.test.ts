// The notice journal contract on PostgreSQL (the lab cluster from scripts/postgres-up.sh): one
// fresh database for this file, dropped at the end.
import assert from 'node:assert/strict';
import { after } from 'node:test';
import pg from 'pg';
import { StoreNoticeJournal } from '../../src/notify/store-notice-journal.ts';
import { openStore } from '../../src/store/open-store.ts';
import { noticeJournalContract } from './support/notice-journal-contract.ts';
import { aCampaignWithWave } from './support/notice-store-fixtures.ts';

const adminUrl = process.env.RECLAIM_TEST_PG_URL;
assert.ok(adminUrl, 'RECLAIM_TEST_PG_URL is not set: run through scripts/run-tests.mjs, which starts PostgreSQL');
const database = `reclaim_notify_${process.pid}_${Date.now().toString(36)}`;
let created = false;

async function admin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

after(async () => {
  if (created) await admin(`drop database if exists "${database}" with (force)`);
});

noticeJournalContract('PostgreSQL store', async () => {
  if (!created) {
    await admin(`create database "${database}"`);
    created = true;
  }
  const url = new URL(adminUrl as string);
  url.pathname = `/${database}`;
  const store = await openStore(url.toString());
  const { campaignId, waveId } = await aCampaignWithWave(store);
  return { journal: new StoreNoticeJournal(store), campaignId, waveId, close: () => store.close() };
});
