// The whole plan planCampaignPages gives through an in-memory spill: its header, and its
// assignments read back from the spill in plan order (what `reclaim plan` saves), for comparing
// with the whole-array planCampaign.
import { createMemorySpill } from '../../../src/core/planning/memory-spill.ts';
import { planCampaignPages, type PlanCampaignPagesInput } from '../../../src/core/planning/plan-campaign.ts';
import type { Plan } from '../../../src/core/planning/plan.ts';
import { plannedAssignmentPages } from '../../../src/core/planning/planned-assignments.ts';
import type { SegmentAssignment } from '../../../src/core/segmentation/segment-identities.ts';
import { sha256Stream } from './an-identity.ts';

export async function pagedPlan(input: Omit<PlanCampaignPagesInput, 'spill' | 'hash'>): Promise<Plan> {
  const spill = createMemorySpill();
  const header = await planCampaignPages({ ...input, spill, hash: sha256Stream });
  const assignments: SegmentAssignment[] = [];
  for await (const page of plannedAssignmentPages(spill, header.waves)) assignments.push(...page);
  return { ...header, assignments };
}
