// Multi-row INSERT of plain rows, written as SQL text once per (table, row count) and cached.
// Kysely's builder spends ~25 µs a row compiling a 500-row VALUES list; discovery stores a
// million identities, so this path skips the builder (and CamelCasePlugin: columns are given
// in snake_case here). Values are always bound parameters, never spliced into the text.
import { CompiledQuery } from 'kysely';
import type { StoreDialect } from './store-dialect.ts';
import type { StoreTransaction } from './write-transaction.ts';

export interface BulkInsertSpec {
  table: string;
  /** snake_case column names, in the order of each row's values */
  columns: readonly string[];
  /** e.g. 'on conflict (idempotency_key) do nothing' */
  suffix?: string;
}

const cache = new Map<string, string>();

/** Inserts rows (arrays of values in column order) in one statement; returns the rows inserted. */
export async function bulkInsert(
  trx: StoreTransaction,
  dialect: StoreDialect,
  spec: BulkInsertSpec,
  rows: readonly (readonly unknown[])[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const key = `${dialect}|${spec.table}|${spec.columns.join(',')}|${spec.suffix ?? ''}|${rows.length}`;
  let text = cache.get(key);
  if (!text) {
    const width = spec.columns.length;
    const tuples: string[] = [];
    for (let r = 0; r < rows.length; r += 1) {
      const marks = Array.from({ length: width }, (_, c) => (dialect === 'postgres' ? `$${r * width + c + 1}` : '?'));
      tuples.push(`(${marks.join(',')})`);
    }
    text = `insert into ${spec.table} (${spec.columns.join(', ')}) values ${tuples.join(',')}${spec.suffix ? ` ${spec.suffix}` : ''}`;
    if (cache.size > 64) cache.clear();
    cache.set(key, text);
  }
  const result = await trx.executeQuery(CompiledQuery.raw(text, rows.flat()));
  return Number(result.numAffectedRows ?? 0n);
}
