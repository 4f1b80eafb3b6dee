// `reclaim approve`: records an approval of the current plan version. SAFETY: the approver is a
// proven operator account (console session, console token, or password + one-time code), never a
// typed name; the author's own approval is refused by the store (SECOND_APPROVER_REQUIRED); the
// approval names the exact content hash that was reviewed. Approving again (a double click, a
// retried request) changes nothing and audits nothing: `alreadyApproved` says so. The reviewer's
// comment goes into the approval and the audit entry.
import { appendAudit } from '../../store/audit/append-audit.ts';
import { recordApproval } from '../../store/plans/record-approval.ts';
import type { App } from '../create-app.ts';
import { requireActor } from '../operators/operator-identity.ts';
import { currentPlanWaves } from './current-plan.ts';
import { resolveCampaign } from './resolve-campaign.ts';

export async function approvePlan(
  app: App,
  input: { campaignId?: string; versionId?: string; comment?: string },
): Promise<{
  campaignId: string;
  versionId: string;
  approvers: string[];
  author: string;
  alreadyApproved: boolean;
}> {
  const approver = requireActor(app, 'plan.approve', 'approving a plan');
  const store = await app.store();
  const campaign = await resolveCampaign(store, input.campaignId);
  // the waves only: the assignments are not parsed (a 100,000-identity plan held 0.5 GB here)
  const current = await currentPlanWaves(store, campaign.id, input.versionId);
  const now = app.clock.now();
  const { recorded } = await recordApproval(store, {
    planVersionId: current.versionId,
    approver: approver.username,
    role: approver.role,
    now,
    ...(input.comment ? { comment: input.comment } : {}),
  });
  if (recorded)
    await appendAudit(store, {
      actor: approver.username,
      action: 'plan.approve',
      target: `plan-version:${current.versionId}`,
      source: approver.method === 'console-session' ? 'console' : 'cli',
      now,
      details: {
        proof: approver.method,
        campaignId: campaign.id,
        waves: current.plan.waves.length,
        wavesAboveBlastRadius: current.plan.waves.filter((w) => w.needsSecondApprover).length,
        ...(input.comment ? { comment: input.comment } : {}),
      },
    });
  const after = await currentPlanWaves(store, campaign.id, current.versionId);
  return {
    campaignId: campaign.id,
    versionId: current.versionId,
    approvers: after.approvers,
    author: current.createdBy,
    alreadyApproved: !recorded,
  };
}
