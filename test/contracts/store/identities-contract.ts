import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Identity } from '../../../src/core/identity.ts';
import { finishSnapshot } from '../../../src/store/identities/finish-snapshot.ts';
import { latestSnapshot } from '../../../src/store/identities/latest-snapshot.ts';
import { insertIdentities } from '../../../src/store/identities/insert-identities.ts';
import { startSnapshot } from '../../../src/store/identities/start-snapshot.ts';
import { streamIdentities } from '../../../src/store/identities/stream-identities.ts';
import type { Store } from '../../../src/store/open-store.ts';
import { anIdentity, at } from './store-fixtures.ts';

export function identitiesContract(store: () => Store): void {
  it('stores identities page by page and streams them back in pages, unchanged', async () => {
    const snapshotId = await startSnapshot(store(), { directory: 'corp-ad', now: at(0) });
    const all = Array.from({ length: 2500 }, (_, i) => anIdentity(i));
    for (let i = 0; i < all.length; i += 1000)
      assert.equal(await insertIdentities(store(), snapshotId, all.slice(i, i + 1000)), Math.min(1000, all.length - i));
    assert.deepEqual(await finishSnapshot(store(), { snapshotId, now: at(60) }), { count: 2500 });

    const pageSizes: number[] = [];
    const seen: Identity[] = [];
    for await (const page of streamIdentities(store(), { snapshotId, pageSize: 1000 })) {
      pageSizes.push(page.length);
      seen.push(...page);
    }
    assert.deepEqual(pageSizes, [1000, 1000, 500]);
    assert.deepEqual(
      seen.map((i) => i.key),
      all.map((i) => i.key).sort(),
    );
    assert.deepEqual(
      seen.find((i) => i.key === all[100]!.key),
      all[100],
      'the full Identity round-trips',
    );

    const snapshot = await store()
      .db.selectFrom('snapshots')
      .selectAll()
      .where('id', '=', snapshotId)
      .executeTakeFirstOrThrow();
    assert.equal(Number(snapshot.count), 2500);
    assert.equal(snapshot.finishedAt, at(60).toISOString());
  });

  it('filters a streamed snapshot on the indexed segment columns', async () => {
    const snapshotId = await startSnapshot(store(), { directory: 'corp-ad', now: at(0) });
    await insertIdentities(
      store(),
      snapshotId,
      Array.from({ length: 450 }, (_, i) => anIdentity(i)),
    );
    const privileged: string[] = [];
    for await (const page of streamIdentities(store(), { snapshotId, privileged: true, pageSize: 2 }))
      privileged.push(...page.map((i) => i.name));
    assert.deepEqual(privileged.sort(), ['user0', 'user100', 'user200', 'user300', 'user400']);
    let finance = 0;
    for await (const page of streamIdentities(store(), { snapshotId, department: 'Finance' })) finance += page.length;
    assert.equal(finance, 225);
  });

  it('refuses the same identity twice in one snapshot and keeps none of that page', async () => {
    const snapshotId = await startSnapshot(store(), { directory: 'corp-ad', now: at(0) });
    await assert.rejects(insertIdentities(store(), snapshotId, [anIdentity(1), anIdentity(2), anIdentity(1)]), {
      code: 'STORE_CONFLICT',
    });
    const rows = await store().db.selectFrom('identities').select('key').where('snapshotId', '=', snapshotId).execute();
    assert.equal(rows.length, 0);
  });

  it('the latest snapshot of a directory is the newest finished one', async () => {
    const directory = `dir-${process.pid}-${Date.now()}`;
    assert.equal(await latestSnapshot(store(), { directory }), undefined);
    const first = await startSnapshot(store(), { directory, now: at(0) });
    await insertIdentities(store(), first, [anIdentity(1, { directory })]);
    await finishSnapshot(store(), { snapshotId: first, now: at(10) });
    await startSnapshot(store(), { directory, now: at(20) });
    const latest = await latestSnapshot(store(), { directory });
    assert.deepEqual(
      [latest?.id, latest?.count, latest?.finishedAt],
      [first, 1, at(10).toISOString()],
      'an unfinished run is not used',
    );
  });
}
