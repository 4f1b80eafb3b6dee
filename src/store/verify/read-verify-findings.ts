// A verification's findings of one kind, read back in keyset pages in the order `verify` prints
// them: by wave, then directory, then name (order keys: finding-order-key.ts). A reader holds one
// page, whatever the number of people the run found.
import { sql } from 'kysely';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export interface StoredVerifyFinding {
  wave: number;
  directory: string;
  key: string;
  name: string;
  /** the finding as `verify` printed it (parsed from its JSON) */
  finding: unknown;
}

export async function* verifyFindingPages(
  store: Store,
  runId: number,
  kind: 'missed' | 'reset',
  pageSize = 500,
): AsyncGenerator<StoredVerifyFinding[]> {
  let after: { wave: number; directoryOrder: string; nameOrder: string; seq: number } | undefined;
  for (;;) {
    const from = after;
    const rows = await storeCall('reading what a verification found', () =>
      store.db
        .selectFrom('verifyFindings')
        .select(['wave', 'directory', 'identityKey', 'identityName', 'directoryOrder', 'nameOrder', 'seq', 'finding'])
        .where('runId', '=', runId)
        .where('kind', '=', kind)
        .$if(from !== undefined, (q) =>
          q.where((eb) =>
            eb(
              eb.refTuple('wave', 'directoryOrder', 'nameOrder', 'seq'),
              '>',
              eb.tuple(from!.wave, from!.directoryOrder, from!.nameOrder, from!.seq),
            ),
          ),
        )
        .orderBy('wave')
        .orderBy('directoryOrder')
        .orderBy('nameOrder')
        .orderBy('seq')
        .limit(pageSize)
        .execute(),
    );
    if (rows.length === 0) return;
    yield rows.map((r) => ({
      wave: Number(r.wave),
      directory: r.directory,
      key: r.identityKey,
      name: r.identityName,
      finding: JSON.parse(r.finding) as unknown,
    }));
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1]!;
    after = {
      wave: Number(last.wave),
      directoryOrder: last.directoryOrder,
      nameOrder: last.nameOrder,
      seq: Number(last.seq),
    };
  }
}

/** `${directory}\n${key}` of those among `people` the run found reset (the report asks a page at a time). */
export async function resetFindingKeysAmong(
  store: Store,
  runId: number,
  people: ReadonlyArray<{ directory: string; key: string }>,
): Promise<Set<string>> {
  const found = new Set<string>();
  const wanted = new Set(people.map((p) => `${p.directory}\n${p.key}`));
  for (let i = 0; i < people.length; i += 500) {
    const keys = [...new Set(people.slice(i, i + 500).map((p) => p.key))];
    const rows = await storeCall('reading what a verification found', () =>
      store.db
        .selectFrom('verifyFindings')
        .select(['directory', 'identityKey'])
        .where('runId', '=', runId)
        // a literal, not a parameter: the planner then reads the partial index of the reset rows
        .where('kind', '=', sql.lit('reset'))
        .where('identityKey', 'in', keys)
        .execute(),
    );
    for (const r of rows) {
      const k = `${r.directory}\n${r.identityKey}`;
      if (wanted.has(k)) found.add(k);
    }
  }
  return found;
}
