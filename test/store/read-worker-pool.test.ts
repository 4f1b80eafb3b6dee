// A SQLite store's worker threads: warmReader starts every one of them before its first query
// (two read workers, the bookkeeping worker: each then has its own connection, seen as the store's
// file open once more in this process, Linux /proc/self/fd, beside the main connection), and reads
// issued together spread over both read workers, so a quick one is not queued behind a long one.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { sql } from 'kysely';
import { openStore } from '../../src/store/open-store.ts';
import { warmReader } from '../../src/store/read-worker/warm-reader.ts';

const dir = mkdtempSync(join(tmpdir(), 'reclaim-warm-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** How many of this process's file descriptors are `file` itself (not its -wal or -shm). */
function opened(file: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false;
    }
  }).length;
}

test("a SQLite store's read and bookkeeping workers each open the file when warmed, before any query", async () => {
  const file = join(dir, 'store.sqlite');
  const store = await openStore(`sqlite:${file}`);
  try {
    assert.equal(opened(file), 1, 'only the main connection before');
    await warmReader(store);
    assert.equal(opened(file), 4, 'the main connection, two read workers, the bookkeeping worker');
  } finally {
    await store.close();
  }
});

test('an in-memory store has no workers to start', async () => {
  const store = await openStore('sqlite::memory:');
  try {
    await warmReader(store);
    assert.equal(store.reader, store.db);
  } finally {
    await store.close();
  }
});

test('a quick read issued together with a long one runs on the other read worker and is answered first', async () => {
  const store = await openStore(`sqlite:${join(dir, 'spread.sqlite')}`);
  try {
    const answered: string[] = [];
    // counting two million generated numbers: a read that holds its worker for a while
    const long = sql<{ n: number }>`with recursive n(i) as (select 1 union all select i + 1 from n where i < 2000000)
      select count(*) as n from n`
      .execute(store.reader)
      .then(() => answered.push('long'));
    const quick = store.reader
      .selectFrom('campaigns')
      .select('id')
      .execute()
      .then(() => answered.push('quick'));
    await Promise.all([long, quick]);
    assert.deepEqual(answered, ['quick', 'long']);
  } finally {
    await store.close();
  }
});
