// The per-address sign-in limit in the store (take-login-attempt.ts), on SQLite and PostgreSQL:
// attempts at once never pass the limit (the count and the insert share one lock), the window
// slides, and addresses are counted apart.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openStore } from '../../src/store/open-store.ts';
import { takeLoginAttempt } from '../../src/store/operators/take-login-attempt.ts';
import { freshPostgresDatabases } from '../support/fresh-postgres-database.ts';

const dir = mkdtempSync(join(tmpdir(), 'reclaim-login-attempts-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const freshPostgres = freshPostgresDatabases('login');

for (const [name, freshUrl] of [
  ['sqlite', async () => `sqlite:${join(dir, 'store.sqlite')}`],
  ['postgres', freshPostgres],
] as const) {
  describe(`login attempts (${name})`, () => {
    it('thirty attempts at once from one address: exactly the limit passes; the window slides; other addresses are apart', async () => {
      const store = await openStore(await freshUrl(), { poolSize: 10 });
      try {
        const now = new Date('2026-11-26T12:00:00.000Z');
        const take = (address: string, at: Date) =>
          takeLoginAttempt(store, { address, now: at, windowMs: 60_000, max: 20 });
        const results = await Promise.all(Array.from({ length: 30 }, () => take('10.0.0.1', now)));
        assert.equal(results.filter(Boolean).length, 20);
        assert.equal(await take('10.0.0.2', now), true, 'another address has its own count');
        assert.equal(await take('10.0.0.1', new Date(now.getTime() + 59_000)), false, 'still within the minute');
        assert.equal(
          await take('10.0.0.1', new Date(now.getTime() + 60_000)),
          true,
          'a minute later the address may try again',
        );
        const rows = await store.db
          .selectFrom('loginAttempts')
          .select('at')
          .where('address', '=', '10.0.0.1')
          .execute();
        assert.equal(rows.length, 1, 'attempts older than the window are pruned');
      } finally {
        await store.close();
      }
    });
  });
}
