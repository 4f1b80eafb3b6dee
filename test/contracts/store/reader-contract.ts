// The store's reader (store.reader): the handle the console's long reads go through. On a SQLite
// file, read-only connections in worker threads, so a scan never holds the event loop; on
// PostgreSQL, the store's own asynchronous pool. Asserted on what it reads back and on whether the
// event loop turned while it read.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { countActionsByWave } from '../../../src/store/actions/count-actions.ts';
import { recountActionsByWave } from '../../../src/store/actions/recount-actions.ts';
import { transitionAction } from '../../../src/store/actions/transition-action.ts';
import { claimActions } from '../../../src/store/actions/claim-actions.ts';
import { openStore, type Store } from '../../../src/store/open-store.ts';
import { readPlanWaves } from '../../../src/store/plans/read-plan-waves.ts';
import { savePlanVersion } from '../../../src/store/plans/save-plan-version.ts';
import { insertOldPlanVersions, storeBeforeMigration } from '../../store/support/store-before-migration.ts';
import { aCampaign, aCampaignWithActions, at, t0, type StoreFactory } from './store-fixtures.ts';

/** A read that takes a while on either database: counting two million generated numbers. */
const longRead = sql<{ n: number }>`with recursive n(i) as (select 1 union all select i + 1 from n where i < 2000000)
  select count(*) as n from n`;

const aBody = (labels: string[]) => ({
  format: 'reclaim-plan/1',
  assignments: labels.map((_, i) => ({ key: `k-${i}`, wave: i + 1 })),
  waves: labels.map((label, i) => ({ number: i + 1, label, startAt: at(3600 * i).toISOString(), size: 1, tasks: 0 })),
});

export function readerContract(store: () => Store, factory: StoreFactory): void {
  it('reads what the store committed a moment before, through the store functions that use it', async () => {
    const { campaignId, ids } = await aCampaignWithActions(store(), 3);
    const [claimed] = await claimActions(store(), { campaignId, owner: 'w1', limit: 1, leaseMs: 60_000, now: at(1) });
    assert.equal(claimed?.id, ids[0]);
    await transitionAction(store(), {
      id: ids[0]!,
      from: 'claimed',
      to: 'applied',
      owner: 'w1',
      event: 'apply-ok',
      now: at(2),
    });
    const recount = await recountActionsByWave(store(), campaignId);
    assert.deepEqual(recount.get(null), (await countActionsByWave(store(), campaignId)).get(null));
    assert.equal(recount.get(null)?.applied, 1);
    assert.equal(recount.get(null)?.planned, 2);
  });

  it('lets the event loop turn while a long read runs', async () => {
    let turns = 0;
    let reading = true;
    const turn = () => {
      turns += 1;
      if (reading) setImmediate(turn);
    };
    setImmediate(turn);
    const rows = await longRead.execute(store().reader);
    reading = false;
    assert.equal(Number(rows.rows[0]?.n), 2_000_000);
    assert.ok(turns > 1, `the event loop turned ${turns} times while the read ran`);
  });

  it('on SQLite never writes (a read-only connection); on PostgreSQL it is the store pool itself', async () => {
    const campaignId = await aCampaign(store());
    if (factory.name === 'postgres') {
      assert.equal(store().reader, store().db);
      return;
    }
    await assert.rejects(
      store().reader.updateTable('campaigns').set({ name: 'renamed' }).where('id', '=', campaignId).execute(),
    );
    const row = await store().db.selectFrom('campaigns').select('name').where('id', '=', campaignId).executeTakeFirst();
    assert.notEqual(row?.name, 'renamed');
    // A failed read leaves the reader working.
    await assert.rejects(sql`select * from no_such_table`.execute(store().reader));
    assert.equal(
      (await store().reader.selectFrom('campaigns').select('id').where('id', '=', campaignId).execute()).length,
      1,
    );
  });

  it("keeps each plan version's waves apart from its body, and a store from before 0012 gets them for its versions", async () => {
    const campaignId = await aCampaign(store());
    const body = aBody(['First', 'Second']);
    const { versionId } = await savePlanVersion(store(), {
      planId: `plan-${campaignId}`,
      campaignId,
      name: 'p',
      body,
      createdBy: 'alice',
      now: t0,
    });
    assert.deepEqual(await readPlanWaves(store(), versionId), body.waves);

    const url = await factory.freshUrl();
    const db = await storeBeforeMigration(url, '0012');
    try {
      await insertOldPlanVersions(db, [['v1', aBody(['Only'])]], t0);
    } finally {
      await db.destroy();
    }
    const migrated = await openStore(url);
    try {
      assert.equal(migrated.migrationsApplied[0], '0012-plan-waves-and-name-search', 'migrated from 0012 on');
      assert.deepEqual(await readPlanWaves(migrated, 'v1'), aBody(['Only']).waves);
    } finally {
      await migrated.close();
    }
  });
}
