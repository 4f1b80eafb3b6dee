// What the console dashboard takes from a plan version: each wave's number, start and forecast of
// helpdesk calls, and the people it treats through the helpdesk. A version never changes (its id
// is the hash of its body), so these figures are computed once, when the version is saved
// (save-plan-version.ts, same transaction; migration 0008 for versions saved before), into
// plan_wave_figures and plan_helpdesk_people: no dashboard refresh reads or parses the body
// (hundreds of megabytes of JSON at a million assignments, seconds of a blocked event loop).
import { sql } from 'kysely';
import { bulkInsert } from '../bulk-insert.ts';
import type { Store } from '../open-store.ts';
import type { StoreDialect } from '../store-dialect.ts';
import { storeCall } from '../store-error.ts';
import type { StoreTransaction } from '../write-transaction.ts';

export interface PlanWaveFigures {
  number: number;
  startAt: string;
  expectedCalls: number | null;
  /** `${directory}\n${key}` of the wave's people treated through the helpdesk, each once per version */
  helpdeskPeople: string[];
}

/** Treatments whose people regain access through the verified helpdesk path. */
export const helpdeskTreatments: ReadonlySet<string> = new Set(['helpdeskReset']);

interface PlanBody {
  waves?: Array<{
    number: number;
    startAt: string;
    firstAssignment: number;
    size: number;
    forecast?: { expectedCalls?: number | null };
  }>;
  assignments?: Array<{ directory: string; key: string; treatment: string }>;
}

/**
 * The figures of a plan body (pure). A person listed twice counts once, in its first wave. The
 * store keeps any body (a draft, an older format): waves without a number and a start, a second
 * wave of the same number, and assignments without a directory and key give no figures.
 */
export function planFiguresOfBody(body: unknown): PlanWaveFigures[] {
  const plan = (body && typeof body === 'object' ? body : {}) as PlanBody;
  const assignments = Array.isArray(plan.assignments) ? plan.assignments : [];
  const seen = new Set<string>();
  const numbers = new Set<number>();
  const figures: PlanWaveFigures[] = [];
  for (const w of Array.isArray(plan.waves) ? plan.waves : []) {
    if (!w || !Number.isInteger(w.number) || typeof w.startAt !== 'string' || numbers.has(w.number)) continue;
    numbers.add(w.number);
    const helpdeskPeople: string[] = [];
    const first = Number.isInteger(w.firstAssignment) ? w.firstAssignment : 0;
    const end = Math.min(first + (Number.isInteger(w.size) ? w.size : 0), assignments.length);
    for (let i = Math.max(0, first); i < end; i += 1) {
      const a = assignments[i];
      if (!a || typeof a.directory !== 'string' || typeof a.key !== 'string' || !helpdeskTreatments.has(a.treatment))
        continue;
      const person = `${a.directory}\n${a.key}`;
      if (seen.has(person)) continue;
      seen.add(person);
      helpdeskPeople.push(person);
    }
    const expectedCalls = w.forecast?.expectedCalls;
    figures.push({
      number: w.number,
      startAt: w.startAt,
      expectedCalls: typeof expectedCalls === 'number' ? expectedCalls : null,
      helpdeskPeople,
    });
  }
  return figures;
}

/** Writes a version's figures inside the caller's transaction (the save, or migration 0008). */
export async function writePlanFigures(
  trx: StoreTransaction,
  dialect: StoreDialect,
  versionId: string,
  waves: readonly PlanWaveFigures[],
): Promise<void> {
  await writeWaveFigureRows(
    trx,
    dialect,
    versionId,
    waves.map((w) => ({ ...w, helpdeskPeople: w.helpdeskPeople.length })),
  );
  const people = waves.flatMap((w) =>
    w.helpdeskPeople.map((p) => {
      const cut = p.indexOf('\n');
      return [versionId, w.number, p.slice(0, cut), p.slice(cut + 1)];
    }),
  );
  for (let i = 0; i < people.length; i += 500) await insertHelpdeskPeople(trx, dialect, people.slice(i, i + 500));
}

/** The waves' rows of plan_wave_figures, with how many helpdesk people each has. */
export async function writeWaveFigureRows(
  trx: StoreTransaction,
  dialect: StoreDialect,
  versionId: string,
  waves: readonly StoredWaveFigures[],
): Promise<void> {
  await bulkInsert(
    trx,
    dialect,
    {
      table: 'plan_wave_figures',
      columns: ['plan_version_id', 'number', 'start_at', 'expected_calls', 'helpdesk_people'],
    },
    waves.map((w) => [versionId, w.number, w.startAt, w.expectedCalls, w.helpdeskPeople]),
  );
}

/**
 * Rows of plan_helpdesk_people ([version, wave number, directory, key]); a person already listed
 * (in an earlier wave) is skipped. Returns how many were new.
 */
export async function insertHelpdeskPeople(
  trx: StoreTransaction,
  dialect: StoreDialect,
  rows: readonly (readonly unknown[])[],
): Promise<number> {
  return bulkInsert(
    trx,
    dialect,
    {
      table: 'plan_helpdesk_people',
      columns: ['plan_version_id', 'wave_number', 'directory', 'identity_key'],
      suffix: 'on conflict (plan_version_id, directory, identity_key) do nothing',
    },
    rows,
  );
}

export interface StoredWaveFigures {
  number: number;
  startAt: string;
  expectedCalls: number | null;
  /** how many of the wave's people are treated through the helpdesk */
  helpdeskPeople: number;
}

/** The stored figures of a version's waves, by number (a few rows). */
export async function readPlanWaveFigures(store: Store, versionId: string): Promise<StoredWaveFigures[]> {
  const rows = await storeCall('reading the plan figures', () =>
    store.db
      .selectFrom('planWaveFigures')
      .select(['number', 'startAt', 'expectedCalls', 'helpdeskPeople'])
      .where('planVersionId', '=', versionId)
      .orderBy('number')
      .execute(),
  );
  return rows.map((r) => ({
    number: Number(r.number),
    startAt: r.startAt,
    expectedCalls: r.expectedCalls === null ? null : Number(r.expectedCalls),
    helpdeskPeople: Number(r.helpdeskPeople),
  }));
}

/** The stored helpdesk people of a version, `${directory}\n${key}` per wave number (the check). */
export async function readPlanHelpdeskPeople(store: Store, versionId: string): Promise<Map<number, string[]>> {
  const rows = await storeCall('reading the plan helpdesk people', () =>
    store.db
      .selectFrom('planHelpdeskPeople')
      .select(['waveNumber', 'directory', 'identityKey'])
      .where('planVersionId', '=', versionId)
      .execute(),
  );
  const byWave = new Map<number, string[]>();
  for (const r of rows)
    byWave.set(Number(r.waveNumber), [...(byWave.get(Number(r.waveNumber)) ?? []), `${r.directory}\n${r.identityKey}`]);
  return byWave;
}

/**
 * How many helpdesk people of the given waves of a version have a verified outcome in the
 * campaign: one pass over the campaign's verified verifications, each looked up in the version's
 * people by primary key (the cost follows the verifications, not the plan).
 */
export async function countVerifiedHelpdeskPeople(
  store: Store,
  input: { campaignId: string; versionId: string; waveNumbers: readonly number[] },
): Promise<number> {
  if (input.waveNumbers.length === 0) return 0;
  const row = await storeCall('counting verified helpdesk people', () =>
    store.reader
      .selectFrom((eb) =>
        eb
          .selectFrom('helpdeskVerifications as v')
          .innerJoin('planHelpdeskPeople as p', (join) =>
            join
              .onRef('p.directory', '=', 'v.directory')
              .onRef('p.identityKey', '=', 'v.identityKey')
              .on('p.planVersionId', '=', input.versionId),
          )
          .select(['v.directory', 'v.identityKey'])
          .distinct()
          .where('v.campaignId', '=', input.campaignId)
          .where('v.outcome', '=', sql.lit('verified'))
          .where('p.waveNumber', 'in', [...input.waveNumbers])
          .as('t'),
      )
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
  );
  return Number(row?.n ?? 0);
}
