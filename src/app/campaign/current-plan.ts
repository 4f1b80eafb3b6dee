// The plan version a campaign runs: the most recently saved one, with its waves and approvals.
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { Plan, PlanHeader, Wave } from '../../core/planning/plan.ts';
import type { Store } from '../../store/open-store.ts';
import { listApprovals } from '../../store/plans/list-approvals.ts';
import { listWaves } from '../../store/plans/list-waves.ts';
import { readPlanHeader } from '../../store/plans/read-plan-header.ts';
import { readPlanWaves } from '../../store/plans/read-plan-waves.ts';
import { latestPlanVersionHead, planVersionBody } from '../../store/plans/read-plan-versions.ts';

export interface CurrentPlan {
  versionId: string;
  createdBy: string;
  createdAt: string;
  plan: Plan;
  waves: Array<{
    id: number;
    ordinal: number;
    name: string;
    startsAt: string;
    deadlineAt: string;
    graceUntil: string | null;
    size: number;
  }>;
  approvers: string[];
}

export async function currentPlan(store: Store, campaignId: string, versionId?: string): Promise<CurrentPlan> {
  return found(await findCurrentPlan(store, campaignId, versionId), campaignId, versionId);
}

/** currentPlan with only the waves of its body (findCurrentPlanWaves): memory flat in the plan's size. */
export async function currentPlanWaves(
  store: Store,
  campaignId: string,
  versionId?: string,
): Promise<CurrentPlanWaves> {
  return found(await findCurrentPlanWaves(store, campaignId, versionId), campaignId, versionId);
}

function found<T>(current: T | undefined, campaignId: string, versionId: string | undefined): T {
  if (!current)
    throw new ReclaimError(
      'NOT_FOUND',
      `Campaign ${campaignId} has no plan${versionId ? ` version ${versionId}` : ''}: run \`reclaim plan\``,
    );
  return current;
}

/**
 * currentPlan without the assignments: the plan's header (read-plan-header.ts). Its assignments are
 * read in pages (waveAssignmentPages in store/plans/read-plan-assignments.ts), so `run`, `verify`
 * and the report hold one page at a time whatever the plan's size.
 */
export async function currentPlanHeader(
  store: Store,
  campaignId: string,
  versionId?: string,
): Promise<CurrentPlanHeader> {
  return found(await findCurrentPlanHeader(store, campaignId, versionId), campaignId, versionId);
}

export type CurrentPlanHeader = Omit<CurrentPlan, 'plan'> & { plan: PlanHeader };

export async function findCurrentPlanHeader(
  store: Store,
  campaignId: string,
  versionId?: string,
): Promise<CurrentPlanHeader | undefined> {
  return findWithPart(store, campaignId, versionId, (id) => readPlanHeader(store, id));
}

export type CurrentPlanWaves = Omit<CurrentPlan, 'plan'> & { plan: { waves: readonly Wave[] } };

/**
 * The plan version a campaign runs, or undefined when it has none yet. A store failure throws: a
 * report or a status must never show "no plan" because the store could not be read.
 */
export async function findCurrentPlan(
  store: Store,
  campaignId: string,
  versionId?: string,
): Promise<CurrentPlan | undefined> {
  return findWithPart(store, campaignId, versionId, async (id) => {
    const body = await planVersionBody(store, id);
    return body === undefined ? undefined : (JSON.parse(body) as Plan);
  });
}

/**
 * The same, with only the waves of the plan body (read-plan-waves.ts: the database extracts them,
 * the assignments are never parsed): what the status and the wave schedule need, at any size.
 */
export async function findCurrentPlanWaves(
  store: Store,
  campaignId: string,
  versionId?: string,
): Promise<CurrentPlanWaves | undefined> {
  return findWithPart(store, campaignId, versionId, async (id) => ({ waves: await readPlanWaves(store, id) }));
}

/** The version's head with one part of its plan (the body, the header or the waves) read by `part`. */
async function findWithPart<P>(
  store: Store,
  campaignId: string,
  versionId: string | undefined,
  part: (versionId: string) => Promise<P | undefined>,
): Promise<(Omit<CurrentPlan, 'plan'> & { plan: P }) | undefined> {
  const head = await findCurrentPlanHead(store, campaignId, versionId);
  if (!head) return undefined;
  const plan = await part(head.versionId);
  if (plan === undefined)
    throw new ReclaimError('STORE_CONFLICT', `plan version ${head.versionId} vanished while read`);
  return { ...head, plan };
}

async function findCurrentPlanHead(
  store: Store,
  campaignId: string,
  versionId?: string,
): Promise<Omit<CurrentPlan, 'plan'> | undefined> {
  const version = await latestPlanVersionHead(store, campaignId, versionId);
  if (!version) return undefined;
  const [waves, approvals] = await Promise.all([listWaves(store, version.id), listApprovals(store, version.id)]);
  return {
    versionId: version.id,
    createdBy: version.createdBy,
    createdAt: version.createdAt,
    waves: waves.map((w) => ({
      id: Number(w.id),
      ordinal: w.ordinal,
      name: w.name,
      startsAt: w.startsAt,
      deadlineAt: w.deadlineAt,
      graceUntil: w.graceUntil,
      size: w.size,
    })),
    approvers: approvals.map((a) => a.approver).filter((a) => a !== version.createdBy),
  };
}
