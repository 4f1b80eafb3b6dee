// Saves a plan version given as its header and its assignments in pages (what `reclaim plan`
// saves, read back from its spill): never one object, nor one text, holding every assignment. The
// version is the one savePlanVersion saves for the body `{ ...header, assignments }`: the same
// version id, header, waves, rows and dashboard figures. The pages are read twice, once for the
// id, then inside the write transaction for the rows (through its connection: on SQLite the store
// has only one).
import type { Kysely } from 'kysely';
import { canonicalJson } from '../../core/canonical-json.ts';
import { bulkInsert } from '../bulk-insert.ts';
import type { Database } from '../database.ts';
import type { Store } from '../open-store.ts';
import { inWriteTransaction, type StoreTransaction } from '../write-transaction.ts';
import { helpdeskTreatments, insertHelpdeskPeople, writeWaveFigureRows } from './plan-figures.ts';
import {
  assignmentRowsSpec as spec,
  bodyInParts,
  insertVersion,
  versionIdHash,
  wavesOf,
  type PlanVersionInput,
} from './save-plan-version.ts';

/** The waves of a plan the planner made: consecutive ranges of its assignments, in order. */
interface HeaderWave {
  number: number;
  startAt: string;
  firstAssignment: number;
  size: number;
  forecast?: { expectedCalls?: number | null };
}

interface PagedAssignment {
  directory: string;
  key: string;
  treatment: string;
}

export async function savePlanVersionPages(
  store: Store,
  input: PlanVersionInput & {
    /** the body without `assignments` */
    header: Record<string, unknown> & { waves: readonly HeaderWave[] };
    /** the body's assignments in order, in pages, read through `db` (called twice) */
    assignments: (db: Kysely<Database>) => AsyncIterable<readonly PagedAssignment[]>;
  },
): Promise<{ versionId: string; created: boolean }> {
  const id = versionIdHash(input.planId, input.header);
  for await (const page of input.assignments(store.db)) for (const a of page) id.add(a);
  const versionId = id.digest();
  return inWriteTransaction(store, `saving plan ${input.name}`, async (trx) => {
    const created = await insertVersion(trx, input, versionId, bodyInParts);
    if (!created) return { versionId, created };
    const waves = wavesOf(input.header);
    if (waves !== null) await trx.insertInto('planVersionWaves').values({ planVersionId: versionId, waves }).execute();
    await trx
      .insertInto('planVersionHeaders')
      .values({ planVersionId: versionId, header: canonicalJson(input.header) })
      .execute();
    await writeRows(trx, store, versionId, input.header.waves, input.assignments(trx));
    return { versionId, created };
  });
}

/** One row per assignment (migration 0014), and the dashboard's figures (plan-figures.ts), as the pages come. */
async function writeRows(
  trx: StoreTransaction,
  store: Store,
  versionId: string,
  waves: readonly HeaderWave[],
  pages: AsyncIterable<readonly PagedAssignment[]>,
): Promise<void> {
  const helpdeskPeople = waves.map(() => 0);
  let rows: Array<readonly unknown[]> = [];
  let people: Array<readonly unknown[]> = [];
  let wave = 0;
  let ordinal = 0;
  const flushPeople = async (): Promise<void> => {
    if (people.length === 0) return;
    helpdeskPeople[wave] = (helpdeskPeople[wave] ?? 0) + (await insertHelpdeskPeople(trx, store.dialect, people));
    people = [];
  };
  for await (const page of pages) {
    for (const a of page) {
      while (
        wave < waves.length &&
        ordinal >= (waves[wave] as HeaderWave).firstAssignment + (waves[wave] as HeaderWave).size
      ) {
        await flushPeople();
        wave++;
      }
      if (wave < waves.length && helpdeskTreatments.has(a.treatment))
        people.push([versionId, (waves[wave] as HeaderWave).number, a.directory, a.key]);
      if (people.length === 500) await flushPeople();
      rows.push([versionId, ordinal++, canonicalJson(a)]);
      if (rows.length === 500) {
        await bulkInsert(trx, store.dialect, spec, rows);
        rows = [];
      }
    }
  }
  await flushPeople();
  await bulkInsert(trx, store.dialect, spec, rows);
  await writeWaveFigureRows(
    trx,
    store.dialect,
    versionId,
    waves.map((w, i) => ({
      number: w.number,
      startAt: w.startAt,
      expectedCalls: typeof w.forecast?.expectedCalls === 'number' ? w.forecast.expectedCalls : null,
      helpdeskPeople: helpdeskPeople[i] ?? 0,
    })),
  );
}
