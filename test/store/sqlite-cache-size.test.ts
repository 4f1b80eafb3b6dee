// store.sqliteCacheMb: a SQLite store's page cache, which fills as the store grows, is bounded by
// the configured size on every connection of the process (its writer and its read workers), 64 MiB
// when not set; the setting is refused for a PostgreSQL store and outside 2..4096, naming it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { sql } from 'kysely';
import { checkConfigText } from '../../src/app/config/load-config.ts';
import { openStore, type Store } from '../../src/store/open-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'reclaim-cache-size-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** cache_size as each connection answers it (negative: KiB), the readers asked together to reach both workers. */
async function cacheSizes(store: Store): Promise<{ writer: number; readers: number[] }> {
  const ask = async (db: Store['db']) =>
    Number(Object.values((await sql<Record<string, number>>`pragma cache_size`.execute(db)).rows[0]!)[0]);
  return { writer: await ask(store.db), readers: await Promise.all([ask(store.reader), ask(store.reader)]) };
}

test('every connection of a SQLite store takes the configured page cache, 64 MiB by default', async () => {
  const chosen = await openStore(`sqlite:${join(dir, 'chosen.sqlite')}`, { sqliteCacheMb: 8 });
  try {
    assert.deepEqual(await cacheSizes(chosen), { writer: -8192, readers: [-8192, -8192] });
  } finally {
    await chosen.close();
  }
  const usual = await openStore(`sqlite:${join(dir, 'usual.sqlite')}`);
  try {
    assert.deepEqual(await cacheSizes(usual), { writer: -65536, readers: [-65536, -65536] });
  } finally {
    await usual.close();
  }
});

test('store.sqliteCacheMb is refused for PostgreSQL and out of range, naming the setting', () => {
  const directories = [
    'directories:',
    '  - { id: cloud, kind: entra, tenantId: t, clientId: c, clientSecret: "env:X" }',
  ];
  const config = (store: string[]) => checkConfigText(['store:', ...store, ...directories].join('\n'));
  const ok = config(['  url: sqlite:./r.sqlite', '  sqliteCacheMb: 16']);
  assert.equal(ok.ok && ok.config.store.sqliteCacheMb, 16);
  for (const [store, message] of [
    [['  url: postgres://reclaim@db/reclaim', '  sqliteCacheMb: 16'], /for a sqlite: store only/],
    [['  url: sqlite:./r.sqlite', '  sqliteCacheMb: 1'], /2|too small/i],
  ] as const) {
    const refused = config([...store]);
    assert.equal(refused.ok, false);
    if (!refused.ok) {
      assert.deepEqual(
        refused.problems.map((p) => p.path),
        ['store.sqliteCacheMb'],
      );
      assert.match(refused.problems[0]!.message, message);
    }
  }
});
