// A plan version's assignments as rows and its body without them (migration 0014): written with
// the version, read back in pages whose concatenation is the body's assignments, by wave range;
// and a store from before 0014 gets them for the versions it holds.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openStore, type Store } from '../../../src/store/open-store.ts';
import {
  countPlanAssignments,
  planAssignmentPages,
  waveAssignmentPages,
} from '../../../src/store/plans/read-plan-assignments.ts';
import { readPlanHeader } from '../../../src/store/plans/read-plan-header.ts';
import { savePlanVersion } from '../../../src/store/plans/save-plan-version.ts';
import { insertOldPlanVersions, storeBeforeMigration } from '../../store/support/store-before-migration.ts';
import { aCampaign, t0, type StoreFactory } from './store-fixtures.ts';

/** n assignments in waves of `per` (the last one shorter), with text that needs escaping. */
const aBody = (n: number, per: number) => {
  const assignments = Array.from({ length: n }, (_, i) => ({
    key: `k-${i}`,
    name: `O'Brien "${i}" \\ é`,
    wave: Math.floor(i / per) + 1,
    linked: i % 2 === 0 ? null : { directory: 'entra', key: `e-${i}`, name: `e${i}` },
  }));
  const waves = Array.from({ length: Math.ceil(n / per) }, (_, w) => ({
    number: w + 1,
    label: `Wave ${w + 1}`,
    firstAssignment: w * per,
    size: Math.min(per, n - w * per),
  }));
  return { format: 'reclaim-plan/1', settings: { groupBy: 'department' }, waves, assignments, krbtgt: [] };
};

async function collect<T>(pages: AsyncIterable<T[]>): Promise<{ rows: T[]; pages: number }> {
  const rows: T[] = [];
  let count = 0;
  for await (const page of pages) {
    rows.push(...page);
    count += 1;
  }
  return { rows, pages: count };
}

export function planRowsContract(store: () => Store, factory: StoreFactory): void {
  it('stores each assignment as a row and the rest of the body as a header, read back in pages', async () => {
    const campaignId = await aCampaign(store());
    const body = aBody(2_345, 1_000);
    const { versionId } = await savePlanVersion(store(), {
      planId: `plan-${campaignId}`,
      campaignId,
      name: 'p',
      body,
      createdBy: 'alice',
      now: t0,
    });
    assert.equal(await countPlanAssignments(store(), versionId), 2_345);
    const { assignments, ...header } = body;
    assert.deepEqual(await readPlanHeader(store(), versionId), header);
    const all = await collect(planAssignmentPages(store(), versionId, {}, 500));
    assert.equal(all.pages, 5, '2,345 rows in pages of 500');
    assert.deepEqual(
      all.rows.map((r) => r.assignment),
      assignments,
    );
    assert.deepEqual(
      all.rows.map((r) => r.ordinal),
      assignments.map((_, i) => i),
    );
    const second = await collect(waveAssignmentPages(store(), versionId, body.waves as never, new Set([2, 3])));
    assert.deepEqual(
      second.rows.map((r) => [r.wave, r.assignment.key]),
      assignments.slice(1_000).map((a) => [a.wave, a.key]),
    );
    // saving the same body again is the same version: no second set of rows
    await savePlanVersion(store(), {
      planId: `plan-${campaignId}`,
      campaignId,
      name: 'p',
      body,
      createdBy: 'bob',
      now: t0,
    });
    assert.equal(await countPlanAssignments(store(), versionId), 2_345);
  });

  it('splits the plan versions a store from before 0014 holds', async () => {
    const url = await factory.freshUrl();
    const db = await storeBeforeMigration(url, '0014');
    const old = aBody(7, 3);
    try {
      await insertOldPlanVersions(
        db,
        [
          ['v1', old],
          ['v2', { format: 'reclaim-plan/1', waves: [] }],
          ['v3', {}],
        ],
        t0,
      );
    } finally {
      await db.destroy();
    }
    const migrated = await openStore(url);
    try {
      assert.equal(migrated.migrationsApplied[0], '0014-plan-assignments', 'migrated from 0014 on');
      const { assignments, ...header } = old;
      assert.deepEqual(await readPlanHeader(migrated, 'v1'), header);
      const rows = await collect(planAssignmentPages(migrated, 'v1'));
      assert.deepEqual(
        rows.rows.map((r) => r.assignment),
        assignments,
      );
      assert.deepEqual(await readPlanHeader(migrated, 'v2'), { format: 'reclaim-plan/1', waves: [] });
      assert.equal(await countPlanAssignments(migrated, 'v2'), 0);
      assert.deepEqual(await readPlanHeader(migrated, 'v3'), {}, 'an empty body has an empty header');
    } finally {
      await migrated.close();
    }
  });
}
