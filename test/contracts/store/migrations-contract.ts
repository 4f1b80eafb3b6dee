import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { storeMigrations } from '../../../src/store/migrations/store-migrations.ts';
import { openStore } from '../../../src/store/open-store.ts';
import { inWorker } from './in-worker.ts';
import type { StoreFactory } from './store-fixtures.ts';

export function migrationsContract(factory: StoreFactory): void {
  // every migration this Reclaim knows, in the order Kysely applies them (by name)
  const all = async () => Object.keys(await storeMigrations(factory.name).getMigrations()).sort();
  it('migrates a new store once; opening it again applies nothing', async () => {
    const url = await factory.freshUrl();
    const first = await openStore(url);
    assert.deepEqual(first.migrationsApplied, await all());
    await first.close();
    const second = await openStore(url);
    try {
      assert.deepEqual(second.migrationsApplied, []);
      const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(second.db);
      assert.deepEqual(
        rows.rows.map((r) => r.name),
        await all(),
      );
    } finally {
      await second.close();
    }
  });

  it('stores opened at the same moment by separate processes on a new database do not both migrate', async () => {
    const url = await factory.freshUrl();
    const applied = await Promise.all([0, 1].map(() => inWorker<string[]>({ task: 'open', url })));
    assert.deepEqual(applied.flat(), await all(), 'exactly one opener ran the migrations');
    const store = await openStore(url);
    try {
      assert.deepEqual(store.migrationsApplied, []);
      const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(store.db);
      assert.equal(rows.rows.length, (await all()).length);
      assert.deepEqual(await store.db.selectFrom('actions').select('id').execute(), []);
    } finally {
      await store.close();
    }
  });
}
