import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { Secret } from '../../src/core/secret.ts';
import { openStore } from '../../src/store/open-store.ts';
import { parseStoreUrl, redactStoreUrl } from '../../src/store/parse-store-url.ts';

const dir = mkdtempSync(join(tmpdir(), 'reclaim-open-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('store URLs', () => {
  it('names SQLite files, in-memory SQLite and PostgreSQL', () => {
    assert.deepEqual(parseStoreUrl('sqlite::memory:'), { dialect: 'sqlite', path: ':memory:' });
    assert.deepEqual(parseStoreUrl('sqlite:/var/lib/reclaim/r.sqlite'), {
      dialect: 'sqlite',
      path: '/var/lib/reclaim/r.sqlite',
    });
    assert.equal(parseStoreUrl('sqlite:./reclaim.sqlite').dialect, 'sqlite');
    assert.equal(
      (parseStoreUrl('sqlite:./reclaim.sqlite') as { path: string }).path,
      join(process.cwd(), 'reclaim.sqlite'),
    );
    assert.deepEqual(parseStoreUrl('postgres://u@127.0.0.1:5432/db'), {
      dialect: 'postgres',
      connectionString: 'postgres://u@127.0.0.1:5432/db',
    });
  });

  it('refuses anything else with CONFIG_INVALID, never showing a password', async () => {
    await assert.rejects(openStore('mysql://root:hunter2@db/reclaim'), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'CONFIG_INVALID');
      assert.match(error.message, /sqlite:PATH/);
      assert.doesNotMatch(error.message, /hunter2/);
      return true;
    });
    await assert.rejects(openStore('sqlite:'), { code: 'CONFIG_INVALID' });
    assert.equal(redactStoreUrl('postgres://reclaim:hunter2@db:5432/r'), 'postgres://reclaim:[redacted]@db:5432/r');
  });
});

describe('opening a store', () => {
  it('an unreachable PostgreSQL is STORE_UNAVAILABLE and the message hides the password', async () => {
    await assert.rejects(
      openStore('postgres://reclaim@127.0.0.1:1/reclaim', { password: new Secret('hunter2') }),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'STORE_UNAVAILABLE');
        assert.match(error.message, /127\.0\.0\.1:1/);
        assert.doesNotMatch(error.message, /hunter2/);
        return true;
      },
    );
  });

  it('a SQLite file in a missing folder is STORE_UNAVAILABLE naming the file', async () => {
    await assert.rejects(
      openStore(`sqlite:${join(dir, 'no-such-folder', 'r.sqlite')}`),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'STORE_UNAVAILABLE');
        assert.match(error.message, /no-such-folder/);
        return true;
      },
    );
  });

  it('SQLite runs in WAL mode with foreign keys on and a busy timeout', async () => {
    const store = await openStore(`sqlite:${join(dir, 'pragmas.sqlite')}`);
    try {
      const one = async (pragma: string) =>
        Object.values((await sql.raw(`pragma ${pragma}`).execute(store.db)).rows[0] as object)[0];
      assert.equal(await one('journal_mode'), 'wal');
      assert.equal(await one('foreign_keys'), 1);
      assert.equal(await one('busy_timeout'), 10000);
      assert.equal(await one('synchronous'), 2, 'FULL');
      await assert.rejects(
        store.db
          .insertInto('actions')
          .values({
            campaignId: 'no-such-campaign',
            directory: 'd',
            identityKey: 'k',
            identityName: 'n',
            kind: 'disable',
            params: '{}',
            state: 'planned',
            idempotencyKey: 'x',
            createdAt: 'now',
            updatedAt: 'now',
          })
          .execute(),
        /FOREIGN KEY/,
      );
    } finally {
      await store.close();
    }
  });

  it('refuses a store migrated by a newer Reclaim, naming the unknown migration', async () => {
    const url = `sqlite:${join(dir, 'newer.sqlite')}`;
    const store = await openStore(url);
    await sql`insert into kysely_migration (name, timestamp) values ('0099-from-the-future', '2030-01-01T00:00:00.000Z')`.execute(
      store.db,
    );
    await store.close();
    await assert.rejects(openStore(url), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'STORE_UNAVAILABLE');
      assert.match(error.message, /0099-from-the-future/);
      return true;
    });
  });

  it('an in-memory store is migrated and usable', async () => {
    const store = await openStore('sqlite::memory:');
    try {
      assert.deepEqual(store.migrationsApplied, [
        '0001-initial',
        '0002-action-counts',
        '0003-operator-totp-step',
        '0004-login-attempts',
        '0005-operator-oidc',
        '0007-journal-tallies',
        '0008-plan-figures',
        '0009-operator-tokens-and-key',
        '0010-manual-tasks',
        '0011-login-failures',
        '0012-plan-waves-and-name-search',
        '0013-failure-and-audit-indexes',
        '0014-plan-assignments',
        '0015-verify-findings',
        '0016-plan-spill',
        '0017-identity-sid',
        '0018-identity-links',
      ]);
      assert.deepEqual(await store.db.selectFrom('campaigns').selectAll().execute(), []);
    } finally {
      await store.close();
    }
  });
});
