// A plan version's body without its assignments (migration 0014): settings, waves, krbtgt steps,
// set-asides, totals. What `run`, `verify` and the report need besides the assignments, which
// they read in pages (read-plan-assignments.ts).
import type { PlanHeader } from '../../core/planning/plan.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export async function readPlanHeader(store: Store, versionId: string): Promise<PlanHeader | undefined> {
  const row = await storeCall('reading the plan', () =>
    store.db
      .selectFrom('planVersionHeaders')
      .select('header')
      .where('planVersionId', '=', versionId)
      .executeTakeFirst(),
  );
  return row ? (JSON.parse(row.header) as PlanHeader) : undefined;
}
