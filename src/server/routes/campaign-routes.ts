// Dashboard, plan review and approval, pause and resume.
import { z } from 'zod';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { approvePlan } from '../../app/campaign/approve-plan.ts';
import { controlCampaign } from '../../app/campaign/campaign-controls.ts';
import { currentPlanHeader } from '../../app/campaign/current-plan.ts';
import { planAssignmentsPage } from '../../app/console/plan-assignments-page.ts';
import { planReview } from '../../app/console/plan-review.ts';
import { resolveCampaign } from '../../app/campaign/resolve-campaign.ts';
import { auditConsoleAction } from '../../app/console/console-audit.ts';
import { listCampaigns } from '../../app/console/console-campaigns.ts';
import { sharedDashboard, sharedStatus } from '../console-figures.ts';
import type { ConsoleRoute, RouteContext } from '../console-route.ts';
import { parseBody } from '../parse-body.ts';

const reasonBody = z.object({ reason: z.string().max(500).optional() }).strict();
const approveBody = z
  .object({ versionId: z.string().min(8).max(64), comment: z.string().max(1000).optional() })
  .strict();

function optionalInteger(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new ReclaimError('INPUT_INVALID', `${name}: a whole number, not "${value}"`);
  return n;
}

async function audit(ctx: RouteContext, action: string, target: string, details: Record<string, unknown> = {}) {
  await auditConsoleAction(ctx.app, ctx.actor, { action, target, details });
}

export const campaignRoutes: ConsoleRoute[] = [
  {
    method: 'GET',
    url: '/api/campaigns',
    permission: 'dashboard.read',
    summary: 'List campaigns, newest first',
    async handler(ctx) {
      return { campaigns: await listCampaigns(ctx.app) };
    },
  },
  {
    method: 'GET',
    url: '/api/campaigns/:id/status',
    permission: 'dashboard.read',
    summary:
      'Campaign progress: actions by state per wave, kill switch, failures (first rows, and all grouped by cause), helpdesk activity',
    async handler(ctx) {
      const { value, asOf } = await sharedStatus(ctx.app, ctx.statusCache, ctx.params.id!);
      return { ...(value as object), asOf: new Date(asOf).toISOString(), servedAt: ctx.app.clock.now().toISOString() };
    },
  },
  {
    method: 'GET',
    url: '/api/campaigns/:id/dashboard',
    permission: 'dashboard.read',
    summary:
      'Dashboard: progress over time, per wave with forecast versus actual helpdesk calls, missed accounts, throttling, helpdesk queue depth',
    async handler(ctx) {
      const { value, asOf } = await sharedDashboard(ctx.app, ctx.statusCache, ctx.params.id!);
      return { ...(value as object), asOf: new Date(asOf).toISOString(), servedAt: ctx.app.clock.now().toISOString() };
    },
  },
  {
    method: 'GET',
    url: '/api/campaigns/:id/plan',
    permission: 'plan.read',
    summary:
      'The current plan version for review: waves with segments, treatments, forecast and the exact operations (grouped, counted), approvals',
    async handler(ctx) {
      const store = await ctx.app.store();
      const campaign = await resolveCampaign(store, ctx.params.id);
      const plan = await currentPlanHeader(store, campaign.id);
      return {
        campaignId: campaign.id,
        versionId: plan.versionId,
        author: plan.createdBy,
        createdAt: plan.createdAt,
        approvers: plan.approvers,
        waves: plan.waves,
        review: await planReview(store, plan.versionId, plan.plan),
      };
    },
  },
  {
    method: 'GET',
    url: '/api/campaigns/:id/plan/assignments',
    permission: 'plan.read',
    summary:
      'The people of a plan version, a page at a time (?from=ORDINAL&limit=N, at most 500; ?wave=N for one wave; ' +
      '?version=ID to keep paging one version): `next` starts the following page',
    async handler(ctx) {
      const wave = optionalInteger(ctx.query.wave, 'wave');
      const from = optionalInteger(ctx.query.from, 'from');
      return planAssignmentsPage(ctx.app, {
        campaignId: ctx.params.id!,
        limit: optionalInteger(ctx.query.limit, 'limit') ?? 100,
        ...(ctx.query.version ? { version: ctx.query.version } : {}),
        ...(wave !== undefined ? { wave } : {}),
        ...(from !== undefined ? { from } : {}),
      });
    },
  },
  {
    method: 'POST',
    url: '/api/campaigns/:id/approve',
    permission: 'plan.approve',
    body: approveBody,
    summary: 'Approve the plan version that was reviewed (a second person: the author cannot)',
    async handler(ctx) {
      const body = parseBody(approveBody, ctx.body);
      const result = await approvePlan(ctx.app, {
        campaignId: ctx.params.id!,
        versionId: body.versionId,
        ...(body.comment ? { comment: body.comment } : {}),
      });
      ctx.statusCache.invalidate(ctx.params.id!);
      if (!result.alreadyApproved)
        await audit(ctx, 'console.plan.approve', `plan-version:${result.versionId}`, {
          campaignId: result.campaignId,
          ...(body.comment ? { comment: body.comment } : {}),
        });
      return result;
    },
  },
  ...(['pause', 'resume'] as const).map(
    (control): ConsoleRoute => ({
      method: 'POST',
      url: `/api/campaigns/:id/${control}`,
      permission: control === 'pause' ? 'campaign.pause' : 'campaign.resume',
      body: reasonBody,
      summary:
        control === 'pause'
          ? 'Engage the kill switch: every engine stops writing within a second'
          : 'Release the kill switch',
      async handler(ctx) {
        const body = parseBody(reasonBody, ctx.body);
        const result = await controlCampaign(ctx.app, {
          control,
          campaignId: ctx.params.id!,
          ...(body.reason ? { reason: body.reason } : {}),
        });
        // SAFETY: whoever pulled the kill switch sees it engaged on the next refresh, not 2 s later.
        ctx.statusCache.invalidate(ctx.params.id!);
        ctx.statusCache.invalidate(result.campaignId);
        await audit(ctx, `console.campaign.${control}`, `campaign:${result.campaignId}`, {
          reason: body.reason ?? null,
        });
        return result;
      },
    }),
  ),
];
