// No query builder outside src/store (issue 18): everything else calls store functions, which the
// store contract suite runs on SQLite and PostgreSQL. The checker is proven able to fail on probes
// that reach the query builder each way.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createSrcProgram, repoRoot } from './support/door-violations.ts';
import { queryBuilderUses } from './support/query-builder-uses.ts';

describe('no query builder outside src/store', () => {
  it('no file outside src/store (but the temporary allowance) reads Store.db, calls Kysely, writes sql`` or imports kysely', () => {
    assert.deepEqual(queryBuilderUses(createSrcProgram()), []);
  });

  const probe = join(repoRoot, 'src/app/campaign/query-probe.ts');
  const probes: Array<[string, string, RegExp[]]> = [
    [
      'a read of Store.db under another name',
      `import type { Store } from '../../store/open-store.ts';
export function sneak(s: Store) { const { dialect } = s; const handle = s.db; return [dialect, handle]; }`,
      [/reads Store\.db/],
    ],
    [
      'a query on Store.db',
      `import type { Store } from '../../store/open-store.ts';
export const sneak = (s: Store) => s.db.selectFrom('campaigns').selectAll().execute();`,
      [/reads Store\.db/, /calls the query builder \(\.selectFrom\)/],
    ],
    [
      'a query on a transaction the store hands out',
      `import type { Store } from '../../store/open-store.ts';
import { inWriteTransaction } from '../../store/write-transaction.ts';
export const sneak = (s: Store) => inWriteTransaction(s, 'x', (trx) => trx.deleteFrom('campaigns').execute());`,
      [/calls the query builder \(\.deleteFrom\)/],
    ],
    [
      'a sql template imported under another name',
      `import { sql as raw } from 'kysely';
export const sneak = raw\`select 1\`;`,
      [/imports kysely/, /writes raw SQL/],
    ],
    [
      'a type-only import of kysely',
      `import type { Kysely } from 'kysely';\nexport type Sneak = Kysely<unknown>;`,
      [/imports kysely/],
    ],
  ];
  for (const [what, text, expected] of probes) {
    it(`detects ${what}`, () => {
      const found = queryBuilderUses(createSrcProgram({ fileName: probe, text }), probe);
      assert.ok(found.length > 0, 'nothing found');
      assert.ok(
        found.every((f) => f.startsWith('src/app/campaign/query-probe.ts:')),
        found.join('\n'),
      );
      for (const pattern of expected)
        assert.ok(
          found.some((f) => pattern.test(f)),
          `${pattern} in:\n${found.join('\n')}`,
        );
    });
  }
});
