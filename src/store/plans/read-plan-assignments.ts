// A plan version's assignments in pages, from their rows (migration 0014), never from the body: a
// reader holds one page at a time whatever the plan's size. Pages follow the ordinal (the plan's
// wave order); a range [from, to) is one wave, or several adjacent ones.
import type { SegmentAssignment } from '../../core/segmentation/segment-identities.ts';
import type { PlanHeader } from '../../core/planning/plan.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export interface AssignmentRow {
  ordinal: number;
  assignment: SegmentAssignment;
}

export async function* planAssignmentPages(
  store: Store,
  versionId: string,
  range: { from?: number; to?: number } = {},
  pageSize = 2000,
): AsyncGenerator<AssignmentRow[]> {
  for await (const rows of planAssignmentTextPages(store, versionId, range, pageSize))
    yield rows.map((r) => ({ ordinal: r.ordinal, assignment: JSON.parse(r.text) as SegmentAssignment }));
}

/** The same pages with each assignment as its stored canonical JSON text, unparsed (planVersionBody joins them). */
export async function* planAssignmentTextPages(
  store: Store,
  versionId: string,
  range: { from?: number; to?: number } = {},
  pageSize = 2000,
): AsyncGenerator<Array<{ ordinal: number; text: string }>> {
  let next = range.from ?? 0;
  for (;;) {
    const from = next;
    let query = store.db
      .selectFrom('planAssignments')
      .select(['ordinal', 'assignment'])
      .where('planVersionId', '=', versionId)
      .where('ordinal', '>=', from);
    if (range.to !== undefined) query = query.where('ordinal', '<', range.to);
    const rows = await storeCall('reading the assignments of the plan', () =>
      query.orderBy('ordinal').limit(pageSize).execute(),
    );
    if (rows.length === 0) return;
    yield rows.map((r) => ({ ordinal: Number(r.ordinal), text: r.assignment }));
    if (rows.length < pageSize) return;
    next = Number(rows[rows.length - 1]!.ordinal) + 1;
  }
}

/** The assignments of the chosen waves (all when none are chosen), page by page, in wave order. */
export async function* waveAssignmentPages(
  store: Store,
  versionId: string,
  waves: PlanHeader['waves'],
  chosen?: ReadonlySet<number>,
  pageSize?: number,
): AsyncGenerator<Array<AssignmentRow & { wave: number }>> {
  for (const wave of waves) {
    if (chosen && !chosen.has(wave.number)) continue;
    if (wave.size === 0) continue;
    const range = { from: wave.firstAssignment, to: wave.firstAssignment + wave.size };
    for await (const page of planAssignmentPages(store, versionId, range, pageSize))
      yield page.map((row) => ({ ...row, wave: wave.number }));
  }
}

/** How many assignment rows a version has (the body's `assignments.length`). */
export async function countPlanAssignments(store: Store, versionId: string): Promise<number> {
  const row = await storeCall('counting the assignments of the plan', () =>
    store.db
      .selectFrom('planAssignments')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
      .where('planVersionId', '=', versionId)
      .executeTakeFirst(),
  );
  return Number(row?.n ?? 0);
}
