// The store contract over PostgreSQL (the lab cluster from scripts/postgres-up.sh): fresh
// databases created for this file from RECLAIM_TEST_PG_URL, dropped at the end.
import assert from 'node:assert/strict';
import { after } from 'node:test';
import pg from 'pg';
import { storeContract } from './store-contract.ts';

const adminUrl = process.env.RECLAIM_TEST_PG_URL;
assert.ok(adminUrl, 'RECLAIM_TEST_PG_URL is not set: run through scripts/run-tests.mjs, which starts PostgreSQL');
const created: string[] = [];
const prefix = `reclaim_test_${process.pid}_${Date.now().toString(36)}`;

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

after(async () => {
  await admin(async (client) => {
    for (const name of created) await client.query(`drop database if exists "${name}" with (force)`);
  });
});

storeContract({
  name: 'postgres',
  freshUrl: async () => {
    const name = `${prefix}_${created.length + 1}`;
    await admin((client) => client.query(`create database "${name}"`));
    created.push(name);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  },
});
