// The people of a plan version, one page at a time, for the console: from an ordinal (the plan's
// wave order) on, the whole plan or one wave. `next` is the ordinal the following page starts at,
// null after the last; the version id comes back so that a reviewer pages one version even when a
// newer one is saved meanwhile (they pass it as `version`).
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { SegmentAssignment } from '../../core/segmentation/segment-identities.ts';
import {
  type AssignmentRow,
  countPlanAssignments,
  planAssignmentPages,
} from '../../store/plans/read-plan-assignments.ts';
import { currentPlanHeader } from '../campaign/current-plan.ts';
import { resolveCampaign } from '../campaign/resolve-campaign.ts';
import type { App } from '../create-app.ts';

export interface PlanAssignmentsPage {
  campaignId: string;
  versionId: string;
  wave: number | null;
  /** people in the plan (or in the wave) */
  total: number;
  from: number;
  next: number | null;
  assignments: Array<
    Pick<SegmentAssignment, 'directory' | 'key' | 'name' | 'segment' | 'treatment' | 'group' | 'linked' | 'wave'> & {
      ordinal: number;
    }
  >;
}

export const planAssignmentsPageLimit = 500;

export async function planAssignmentsPage(
  app: App,
  input: { campaignId: string; version?: string; wave?: number; from?: number; limit: number },
): Promise<PlanAssignmentsPage> {
  const store = await app.store();
  const campaign = await resolveCampaign(store, input.campaignId);
  const current = await currentPlanHeader(store, campaign.id, input.version);
  let range = { from: 0, to: undefined as number | undefined };
  let total: number;
  if (input.wave !== undefined) {
    const wave = current.plan.waves.find((w) => w.number === input.wave);
    if (!wave)
      throw new ReclaimError('NOT_FOUND', `Plan version ${current.versionId.slice(0, 12)} has no wave ${input.wave}`);
    range = { from: wave.firstAssignment, to: wave.firstAssignment + wave.size };
    total = wave.size;
  } else total = await countPlanAssignments(store, current.versionId);
  const from = Math.max(range.from, input.from ?? range.from);
  const limit = Math.min(planAssignmentsPageLimit, Math.max(1, input.limit));
  // One more than asked: whether a next page exists without counting what is left.
  const pages = planAssignmentPages(
    store,
    current.versionId,
    { from, ...(range.to !== undefined ? { to: range.to } : {}) },
    limit + 1,
  );
  const first: AssignmentRow[] = (await pages.next()).value ?? [];
  await pages.return(undefined);
  const rows = first.slice(0, limit);
  return {
    campaignId: campaign.id,
    versionId: current.versionId,
    wave: input.wave ?? null,
    total,
    from,
    next: first.length > limit ? first[limit]!.ordinal : null,
    assignments: rows.map(({ ordinal, assignment: a }) => ({
      ordinal,
      wave: a.wave,
      directory: a.directory,
      key: a.key,
      name: a.name,
      segment: a.segment,
      treatment: a.treatment,
      group: a.group,
      linked: a.linked,
    })),
  };
}
