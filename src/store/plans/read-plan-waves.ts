// The waves of a plan version as its body holds them (label, start, deadline, size, manual tasks,
// forecast...), from the copy stored apart from the body (migration 0012): a million-identity plan's
// body is hundreds of MB of assignments, and parsing it on the event loop held the console, and
// every `reclaim status`, for seconds.
import type { Wave } from '../../core/planning/plan.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export async function readPlanWaves(store: Store, versionId: string): Promise<Wave[]> {
  const row = await storeCall('reading the waves of the plan', () =>
    store.db.selectFrom('planVersionWaves').select('waves').where('planVersionId', '=', versionId).executeTakeFirst(),
  );
  return row?.waves ? (JSON.parse(row.waves) as Wave[]) : [];
}
