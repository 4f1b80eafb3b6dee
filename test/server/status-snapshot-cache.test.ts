// The shared dashboard status: one computation per freshness window, a stale value served while a
// single refresh runs, and invalidation (after pause/resume/approve) forcing a fresh read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusSnapshotCache } from '../../src/server/status-snapshot-cache.ts';

test('fresh values are shared, stale ones served during one refresh, invalidation recomputes', async () => {
  let now = 0;
  let computed = 0;
  let release: (() => void) | undefined;
  const cache = new StatusSnapshotCache<number>(1000, () => now);
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
