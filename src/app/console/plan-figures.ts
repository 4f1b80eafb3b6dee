// What the dashboard takes from the campaign's current plan version: each wave's number, start and
// forecast of helpdesk calls, and the people it treats through the helpdesk. A plan version's id is
// the hash of its body (save-plan-version.ts), so a version never changes: its figures are kept per
// store and version, and the body (hundreds of megabytes of JSON at a million assignments) is read
// and parsed once per process, not on every dashboard refresh. `fresh` reads and parses it anyway.
import type { Plan } from '../../core/planning/plan.ts';
import type { Store } from '../../store/open-store.ts';
import { storeCall } from '../../store/store-error.ts';

export interface PlanFigures {
  versionId: string;
  waves: Array<{ number: number; startAt: string; expectedCalls: number | null; helpdeskPeople: string[] }>;
}

/** Treatments whose people regain access through the verified helpdesk path. */
const helpdeskTreatments: ReadonlySet<string> = new Set(['helpdeskReset']);
/** versions kept per store: the current one, and a few a console may still show while a new one is saved */
const keptVersions = 4;
const kept = new WeakMap<Store, Map<string, Promise<PlanFigures>>>();

/** The figures of the campaign's most recently saved plan version, or null when it has none. */
export async function currentPlanFigures(store: Store, campaignId: string, options: { fresh?: boolean } = {}): Promise<PlanFigures | null> {
  const version = await storeCall('reading the plan version', () =>
    store.db.selectFrom('planVersions').innerJoin('plans', 'plans.id', 'planVersions.planId').select('planVersions.id')
      .where('plans.campaignId', '=', campaignId).orderBy('planVersions.createdAt', 'desc').limit(1).executeTakeFirst());
  if (!version) return null;
  if (options.fresh) return planFigures(store, version.id);
  const versions = kept.get(store) ?? new Map<string, Promise<PlanFigures>>();
  kept.set(store, versions);
  let figures = versions.get(version.id);
  if (!figures) {
    figures = planFigures(store, version.id);
    versions.set(version.id, figures);
    figures.catch(() => versions.delete(version.id));
    while (versions.size > keptVersions) versions.delete(versions.keys().next().value!);
  }
  return figures;
}

async function planFigures(store: Store, versionId: string): Promise<PlanFigures> {
  const row = await storeCall('reading the plan', () => store.db.selectFrom('planVersions').select('body').where('id', '=', versionId).executeTakeFirstOrThrow());
  const plan = JSON.parse(row.body) as Partial<Plan>;
  return {
    versionId,
    waves: (plan.waves ?? []).map((w) => ({
      number: w.number, startAt: w.startAt, expectedCalls: w.forecast?.expectedCalls ?? null,
      helpdeskPeople: (plan.assignments ?? []).slice(w.firstAssignment, w.firstAssignment + w.size).filter((a) => helpdeskTreatments.has(a.treatment)).map((a) => `${a.directory}\n${a.key}`),
    })),
  };
}
