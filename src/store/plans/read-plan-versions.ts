// Reading the plan versions of a campaign: the newest (or the one whose id starts with a given
// prefix), one version's body, and every version's id. A body stored in parts (save-plan-version.ts)
// is joined back from its header and assignment rows into the very text it was hashed as.
import { canonicalJsonAround } from '../../core/canonical-json.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';
import { bodyInParts } from './save-plan-version.ts';
import { planAssignmentTextPages } from './read-plan-assignments.ts';
import { readPlanHeader } from './read-plan-header.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';

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
  const row = await storeCall('reading the plan', () => {
    let q = store.db
      .selectFrom('planVersions')
      .innerJoin('plans', 'plans.id', 'planVersions.planId')
      .select(['planVersions.id', 'planVersions.createdBy', 'planVersions.createdAt', 'planVersions.body'])
      .where('plans.campaignId', '=', campaignId);
    if (idPrefix) q = q.where('planVersions.id', 'like', `${idPrefix}%`);
    return q.orderBy('planVersions.createdAt', 'desc').limit(1).executeTakeFirst();
  });
  if (!row || row.body !== bodyInParts) return row;
  return { ...row, body: await joinedBody(store, row.id) };
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
  if (!row || row.body !== bodyInParts) return row?.body;
  return joinedBody(store, versionId);
}

/** A body stored in parts: its canonical header with the assignment rows (as stored) in its array. */
async function joinedBody(store: Store, versionId: string): Promise<string> {
  const header = await readPlanHeader(store, versionId);
  if (header === undefined) throw new ReclaimError('STORE_CONFLICT', `plan version ${versionId} has no header`);
  const { before, after } = canonicalJsonAround(header as unknown as Record<string, unknown>, 'assignments');
  const texts: string[] = [];
  for await (const page of planAssignmentTextPages(store, versionId, {}, 5000))
    for (const r of page) texts.push(r.text);
  return `${before}${texts.join(',')}${after}`;
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
