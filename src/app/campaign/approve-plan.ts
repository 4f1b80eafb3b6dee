// `reclaim approve --as NAME`: records an approval of the current plan version. SAFETY: the
// author's own approval is refused by the store (SECOND_APPROVER_REQUIRED); the approval names
// the exact content hash that was reviewed.
import { appendAudit } from '../../store/audit/append-audit.ts';
import { recordApproval } from '../../store/plans/record-approval.ts';
import type { App } from '../create-app.ts';
import { currentPlan } from './current-plan.ts';
import { resolveCampaign } from './resolve-campaign.ts';

export async function approvePlan(app: App, input: { campaignId?: string; versionId?: string; comment?: string }): Promise<{ campaignId: string; versionId: string; approvers: string[]; author: string }> {
  const store = await app.store();
  const campaign = await resolveCampaign(store, input.campaignId);
  const current = await currentPlan(store, campaign.id, input.versionId);
  const now = app.clock.now();
  await recordApproval(store, { planVersionId: current.versionId, approver: app.operator, now, ...(input.comment ? { comment: input.comment } : {}) });
  await appendAudit(store, {
    actor: app.operator, action: 'plan.approve', target: `plan-version:${current.versionId}`, source: 'cli', now,
    details: { campaignId: campaign.id, waves: current.plan.waves.length, wavesAboveBlastRadius: current.plan.waves.filter((w) => w.needsSecondApprover).length },
  });
  const after = await currentPlan(store, campaign.id, current.versionId);
  return { campaignId: campaign.id, versionId: current.versionId, approvers: after.approvers, author: current.createdBy };
}
