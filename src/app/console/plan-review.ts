// The console's plan review: what a second person reads before approving, in figures rather than
// the plan body. Per wave: its times, segments, treatments (with what each does), the forecast,
// and the exact directory operations grouped by (phase, kind, directory, parameters, condition)
// with their count, plus the first few with the identity they touch. The operations come from
// plannedOperations, the generator `reclaim plan show --dry-run` and the engine use, so the review
// lists exactly what will run. They are read from the plan's header and its assignment pages
// (plan-operation-pages.ts), never from its body: one page in memory at a time. A plan version
// never changes (its id is its content hash): the review is computed once per version and kept
// for the few versions reviewed last; the people themselves are paged (plan-assignments-page.ts).
import type { PlannedOperation } from '../../core/planning/planned-operations.ts';
import type { PlanHeader, WaveForecast } from '../../core/planning/plan.ts';
import { treatmentInfo, type TreatmentId } from '../../core/segmentation/treatments.ts';
import type { Store } from '../../store/open-store.ts';
import { planOperationPages } from '../campaign/plan-operation-pages.ts';

export interface OperationGroup {
  phase: string;
  kind: string;
  directory: string;
  params: string | null;
  condition: string | null;
  count: number;
}

export interface PlanReview {
  contentHash: string;
  assurance: string;
  startAt: string;
  totals: PlanHeader['totals'];
  waves: Array<{
    number: number;
    label: string;
    tier: number;
    size: number;
    startAt: string;
    deadlineAt: string;
    graceEndsAt: string;
    needsSecondApprover: boolean;
    bySegment: Record<string, number>;
    treatments: Array<{ id: string; count: number; description: string }>;
    forecast: WaveForecast;
    operations: OperationGroup[];
    tasks: Record<string, number>;
    sample: Array<{ phase: string; kind: string; directory: string; identity: string }>;
  }>;
  /** krbtgt double reset steps (their own timeline) */
  krbtgt: Array<{ directory: string; name: string; step: number; at: string; why: string }>;
  setAside: { protected: number; unmanageable: number; outOfScope: number };
}

const samplePerWave = 5;
/** Reviews being computed or computed, so that two reviewers arriving together cost one pass. */
const kept = new Map<string, Promise<PlanReview>>();

export function planReview(store: Store, versionId: string, plan: PlanHeader): Promise<PlanReview> {
  const known = kept.get(versionId);
  if (known) return known;
  const review = computeReview(store, versionId, plan);
  kept.set(versionId, review);
  review.catch(() => kept.delete(versionId));
  if (kept.size > 4) kept.delete(kept.keys().next().value as string);
  return review;
}

async function computeReview(store: Store, versionId: string, plan: PlanHeader): Promise<PlanReview> {
  const groups = new Map<number, Map<string, OperationGroup>>();
  const tasks = new Map<number, Record<string, number>>();
  const samples = new Map<number, PlanReview['waves'][number]['sample']>();
  // A body the planner did not make (a draft, an older format) has no operations to list.
  const complete = plan.settings !== undefined && Array.isArray(plan.waves) && Array.isArray(plan.krbtgt);
  const tally = (op: PlannedOperation): void => {
    if (op.type === 'task') {
      const t = tasks.get(op.wave) ?? {};
      t[op.task] = (t[op.task] ?? 0) + 1;
      tasks.set(op.wave, t);
      return;
    }
    const params = op.action.params ? JSON.stringify(op.action.params) : null;
    const key = [op.phase, op.action.kind, op.action.directory, params, op.condition].join('\u0000');
    const byKey = groups.get(op.wave) ?? new Map<string, OperationGroup>();
    groups.set(op.wave, byKey);
    const group = byKey.get(key);
    if (group) group.count += 1;
    else
      byKey.set(key, {
        phase: op.phase,
        kind: op.action.kind,
        directory: op.action.directory,
        params,
        condition: op.condition,
        count: 1,
      });
    const sample = samples.get(op.wave) ?? [];
    samples.set(op.wave, sample);
    if (sample.length < samplePerWave)
      sample.push({
        phase: op.phase,
        kind: op.action.kind,
        directory: op.action.directory,
        identity: op.action.identity.name,
      });
  };
  const pages = complete ? planOperationPages(store, versionId, plan) : [];
  for await (const page of pages) for (const op of page) tally(op);
  return {
    contentHash: plan.contentHash,
    assurance: plan.assurance,
    startAt: plan.startAt,
    totals: plan.totals,
    waves: (plan.waves ?? []).map((w) => ({
      number: w.number,
      label: w.label,
      tier: w.tier,
      size: w.size,
      startAt: w.startAt,
      deadlineAt: w.deadlineAt,
      graceEndsAt: w.graceEndsAt,
      needsSecondApprover: w.needsSecondApprover,
      bySegment: w.bySegment,
      treatments: Object.entries(w.byTreatment ?? {}).map(([id, count]) => ({
        id,
        count,
        description: treatmentInfo[id as TreatmentId]?.description ?? '',
      })),
      forecast: w.forecast,
      operations: [...(groups.get(w.number)?.values() ?? [])],
      tasks: tasks.get(w.number) ?? {},
      sample: samples.get(w.number) ?? [],
    })),
    krbtgt: (plan.krbtgt ?? []).map((k) => ({
      directory: k.directory,
      name: k.name,
      step: k.step,
      at: k.at,
      why: k.why,
    })),
    setAside: {
      protected: plan.protected?.length ?? 0,
      unmanageable: plan.unmanageable?.length ?? 0,
      outOfScope: plan.outOfScope?.count ?? 0,
    },
  };
}
