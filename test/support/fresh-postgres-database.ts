// Fresh PostgreSQL databases for one test file, on the lab cluster named by RECLAIM_TEST_PG_URL
// (scripts/run-tests.mjs starts it): each call creates a new, empty database and returns its URL;
// every database created is dropped when the file's tests end.
import assert from 'node:assert/strict';
import { after } from 'node:test';
import pg from 'pg';

export function freshPostgresDatabases(label: string): () => Promise<string> {
  const adminUrl = process.env.RECLAIM_TEST_PG_URL;
  assert.ok(adminUrl, 'RECLAIM_TEST_PG_URL is not set: run through scripts/run-tests.mjs, which starts PostgreSQL');
  const prefix = `reclaim_${label}_${process.pid}_${Date.now().toString(36)}`;
  const created: string[] = [];
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  after(async () => {
    for (const name of created) await admin(`drop database if exists "${name}" with (force)`);
  });
  return async () => {
    const name = `${prefix}_${created.length + 1}`;
    await admin(`create database "${name}"`);
    created.push(name);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
}
