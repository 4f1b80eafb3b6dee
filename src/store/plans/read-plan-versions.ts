// Reading the plan versions of a campaign: the newest (or the one whose id starts with a given
// prefix), one version's body, and every version's id.
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export interface PlanVersionRow {
  id: string;
  createdBy: string;
  createdAt: string;
  /** the plan as stored (JSON text) */
  body: string;
}

/** The campaign's most recently saved version, or the newest whose id starts with `idPrefix`. */
export async function latestPlanVersion(
  store: Store,
  campaignId: string,
  idPrefix?: string,
): Promise<PlanVersionRow | undefined> {
  return storeCall('reading the plan', () => {
    let q = store.db
      .selectFrom('planVersions')
      .innerJoin('plans', 'plans.id', 'planVersions.planId')
      .select(['planVersions.id', 'planVersions.createdBy', 'planVersions.createdAt', 'planVersions.body'])
      .where('plans.campaignId', '=', campaignId);
    if (idPrefix) q = q.where('planVersions.id', 'like', `${idPrefix}%`);
    return q.orderBy('planVersions.createdAt', 'desc').limit(1).executeTakeFirst();
  });
}

/** One version's body (JSON text), or undefined. */
/** The same without the body (a plan body holds every assignment: large at scale). */
export async function latestPlanVersionHead(
  store: Store,
  campaignId: string,
  idPrefix?: string,
): Promise<Omit<PlanVersionRow, 'body'> | undefined> {
  return storeCall('reading the plan', () => {
    let q = store.db
      .selectFrom('planVersions')
      .innerJoin('plans', 'plans.id', 'planVersions.planId')
      .select(['planVersions.id', 'planVersions.createdBy', 'planVersions.createdAt'])
      .where('plans.campaignId', '=', campaignId);
    if (idPrefix) q = q.where('planVersions.id', 'like', `${idPrefix}%`);
    return q.orderBy('planVersions.createdAt', 'desc').limit(1).executeTakeFirst();
  });
}

export async function planVersionBody(store: Store, versionId: string): Promise<string | undefined> {
  const row = await storeCall('reading the plan version', () =>
    store.db.selectFrom('planVersions').select('body').where('id', '=', versionId).executeTakeFirst(),
  );
  return row?.body;
}

/** The ids of every version of the campaign's plans. */
export async function campaignPlanVersionIds(store: Store, campaignId: string): Promise<string[]> {
  const rows = await storeCall('reading the plan versions', () =>
    store.db
      .selectFrom('planVersions')
      .innerJoin('plans', 'plans.id', 'planVersions.planId')
      .select('planVersions.id')
      .where('plans.campaignId', '=', campaignId)
      .execute(),
  );
  return rows.map((r) => r.id);
}
