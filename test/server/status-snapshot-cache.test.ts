// The shared dashboard status: one computation per freshness window, a stale value served while a
// single refresh runs, and invalidation (after pause/resume/approve) forcing a fresh read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusSnapshotCache } from '../../src/server/status-snapshot-cache.ts';

test('fresh values are shared, stale ones served during one refresh, invalidation recomputes', async () => {
  let now = 0;
  let computed = 0;
  let release: (() => void) | undefined;
  const cache = new StatusSnapshotCache<number>(
    1000,
    () => now,
    () => assert.fail('no refresh fails here'),
  );
  const compute = async () => {
    computed += 1;
    if (computed === 2) await new Promise<void>((r) => (release = r));
    return computed;
  };
  const [a, b] = await Promise.all([cache.get('c', compute), cache.get('c', compute)]);
  assert.deepEqual([a.value, b.value, computed], [1, 1, 1], 'concurrent first reads share one computation');
  now = 500;
  assert.equal((await cache.get('c', compute)).value, 1);
  assert.equal(computed, 1);
  now = 1500;
  assert.equal((await cache.get('c', compute)).value, 1, 'stale value served while refreshing');
  assert.equal((await cache.get('c', compute)).value, 1);
  assert.equal(computed, 2, 'only one refresh at a time');
  release!();
  await new Promise((r) => setImmediate(r));
  const after = await cache.get('c', compute);
  assert.deepEqual([after.value, after.asOf], [2, 1500]);
  cache.invalidate('c');
  assert.equal((await cache.get('c', compute)).value, 3);
});

test('a failed background refresh is reported with its key and error, and the last value is still served', async () => {
  let now = 0;
  const failures: Array<{ key: string; error: unknown }> = [];
  const cache = new StatusSnapshotCache<number>(
    1000,
    () => now,
    (key, error) => failures.push({ key, error }),
  );
  const outage = new Error('store down');
  assert.equal((await cache.get('c', async () => 1)).value, 1);
  now = 1500;
  const stale = await cache.get('c', async () => Promise.reject(outage));
  assert.deepEqual([stale.value, stale.asOf], [1, 0]);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(failures, [{ key: 'c', error: outage }]);
  assert.deepEqual(
    await cache.get('c', async () => 2).then((r) => [r.value, r.asOf]),
    [1, 0],
    'the next read starts a new refresh and serves the old value meanwhile',
  );
  await new Promise((r) => setImmediate(r));
  assert.deepEqual((await cache.get('c', async () => 3)).value, 2);
});

test('a first read that fails rejects to its caller and is not reported twice', async () => {
  const failures: string[] = [];
  const cache = new StatusSnapshotCache<number>(
    1000,
    () => 0,
    (key) => failures.push(key),
  );
  await assert.rejects(
    cache.get('c', async () => Promise.reject(new Error('store down'))),
    /store down/,
  );
  assert.deepEqual(failures, []);
  assert.equal((await cache.get('c', async () => 7)).value, 7);
});

test('a value older than the stale limit is not served: that read waits for the refresh', async () => {
  let now = 0;
  const failures: unknown[] = [];
  const cache = new StatusSnapshotCache<string>(
    1000,
    () => now,
    (_key, error) => failures.push(error),
    30_000,
  );
  assert.equal((await cache.get('c', async () => 'draft, 0 failed')).value, 'draft, 0 failed');
  now = 60_000;
  const fresh = await cache.get('c', async () => 'running, 640 failed');
  assert.deepEqual([fresh.value, fresh.asOf], ['running, 640 failed', 60_000]);
  now = 120_000;
  const outage = new Error('store down');
  const old = await cache.get('c', async () => Promise.reject(outage));
  assert.deepEqual(
    [old.value, old.asOf],
    ['running, 640 failed', 60_000],
    'the refresh failed: the old value, its age',
  );
  assert.deepEqual(failures, [outage]);
});
