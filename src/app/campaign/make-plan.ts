// `reclaim plan`: from the campaign's discovered identities, its triage decision and the config to
// a plan version saved in the store (content-addressed), with its waves. Nothing is written to a
// directory. `importPlan` saves a plan file an operator edited; it needs approval like any other.
import { createHash } from 'node:crypto';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { planCampaignPages } from '../../core/planning/plan-campaign.ts';
import type { HashStream } from '../../core/planning/plan-hash.ts';
import { planFormat, type Plan, type PlanHeader } from '../../core/planning/plan.ts';
import { plannedAssignmentPages } from '../../core/planning/planned-assignments.ts';
import { plural } from '../../core/plural.ts';
import { checkImportedPlan } from './check-imported-plan.ts';
import { appendAudit } from '../../store/audit/append-audit.ts';
import { insertWaves } from '../../store/plans/insert-waves.ts';
import { savePlanVersion } from '../../store/plans/save-plan-version.ts';
import { savePlanVersionPages } from '../../store/plans/save-plan-version-pages.ts';
import { openPlanSpill } from '../../store/plans/store-plan-spill.ts';
import type { App } from '../create-app.ts';
import { requireActor } from '../operators/operator-identity.ts';
import { campaignIdentityPages } from './campaign-identities.ts';
import { campaignSettings, directoryRates, ownAccounts } from './campaign-settings.ts';
import { currentPlan, findCurrentPlanWaves } from './current-plan.ts';
import { resolveCampaign } from './resolve-campaign.ts';
import { latestTriage } from './record-triage.ts';

const sha256 = (): HashStream => {
  const hash = createHash('sha256');
  return { update: (chunk) => void hash.update(chunk), digest: () => hash.digest('hex') };
};

export interface PlanSaved {
  campaignId: string;
  versionId: string;
  created: boolean;
  /** the plan without its assignments (saved in the store: `plan export`, findCurrentPlan) */
  plan: PlanHeader;
}

/**
 * The whole plan a save names, read back from the store with every assignment (a test or a bench
 * that edits and re-imports it; never a plan of any size).
 */
export async function savedPlan(app: App, saved: PlanSaved): Promise<Plan> {
  return (await currentPlan(await app.store(), saved.campaignId, saved.versionId)).plan;
}

export async function makePlan(app: App, input: { campaignId?: string; startAt?: Date }): Promise<PlanSaved> {
  requireActor(app, 'plan.author', 'authoring a plan');
  const store = await app.store();
  const campaign = await resolveCampaign(store, input.campaignId);
  const triage = await latestTriage(app, campaign.id);
  if (!triage)
    throw new ReclaimError(
      'NOT_FOUND',
      `Campaign ${campaign.id} has no triage decision: run \`reclaim triage --answers FILE\``,
    );
  // the identities in pages, never all at once: memory stays flat in their number (issue 17)
  const source = await campaignIdentityPages(store, campaign.id);
  if (!source)
    throw new ReclaimError('NOT_FOUND', `Campaign ${campaign.id} has no discovery yet: run \`reclaim discover\``);
  const now = app.clock.now();
  // and the assignments in a scratch table while planning, never in memory (store-plan-spill.ts)
  const spill = await openPlanSpill(store, { now: () => app.clock.now() });
  try {
    const plan = await planCampaignPages({
      ...source,
      triage,
      settings: campaignSettings(app.config),
      directories: directoryRates(app.config),
      ownAccounts: ownAccounts(app.config),
      startAt: (input.startAt ?? now).toISOString(),
      now: now.toISOString(),
      spill,
      hash: sha256,
    });
    return await savePlan(app, campaign.id, plan, 'plan.create', (db) =>
      plannedAssignmentPages(spill.through(db), plan.waves),
    );
  } finally {
    await spill.close();
  }
}

export async function importPlan(
  app: App,
  input: { campaignId?: string; plan: unknown; source?: string },
): Promise<PlanSaved> {
  requireActor(app, 'plan.author', 'importing a plan');
  const store = await app.store();
  const campaign = await resolveCampaign(store, input.campaignId);
  const format = (input.plan as { format?: unknown } | null)?.format;
  if (format !== planFormat) {
    throw new ReclaimError(
      'INPUT_INVALID',
      `${input.source ?? 'the file'} is not a Reclaim plan (expected "format": "${planFormat}", as \`reclaim plan export\` writes)`,
      { ...(input.source ? { where: input.source } : {}) },
    );
  }
  const checked = checkImportedPlan(input.plan, new Set(app.config.directories.map((d) => d.id)));
  if (!checked.ok) {
    const shown = checked.problems.slice(0, 50).map((p) => `${p.path || '(top)'}: ${p.message}`);
    const more = checked.problems.length - shown.length;
    throw new ReclaimError(
      'INPUT_INVALID',
      `${input.source ?? 'the plan'}: ${plural(checked.problems.length, 'problem')} in the plan; nothing was saved`,
      {
        details: more > 0 ? [...shown, `... and ${more} more`] : shown,
        ...(input.source ? { where: `${input.source}: ${checked.problems[0]?.path}` } : {}),
      },
    );
  }
  return savePlan(app, campaign.id, checked.plan, 'plan.import');
}

/** Saves a whole plan (an import), or a plan's header with its assignments read in pages (`pages`). */
async function savePlan(
  app: App,
  campaignId: string,
  plan: PlanHeader,
  action: string,
  pages?: Parameters<typeof savePlanVersionPages>[1]['assignments'],
): Promise<PlanSaved> {
  // SAFETY: the author is a proven account: the two-person rule compares accounts, not typed names
  const author = requireActor(app, 'plan.author', 'authoring a plan');
  const store = await app.store();
  const now = app.clock.now();
  // its head and waves only: the parent's body is not needed to name it (nor parsed, at any size)
  const parent = await findCurrentPlanWaves(store, campaignId);
  const version = {
    planId: `${campaignId}/plan`,
    campaignId,
    name: `plan of ${campaignId}`,
    createdBy: author.username,
    now,
    ...(parent && parent.versionId !== undefined ? { parentVersionId: parent.versionId } : {}),
  };
  const saved = pages
    ? await savePlanVersionPages(store, { ...version, header: plan, assignments: pages })
    : await savePlanVersion(store, { ...version, body: plan });
  if (saved.created) {
    await insertWaves(
      store,
      saved.versionId,
      plan.waves.map((w) => ({
        ordinal: w.number,
        name: w.label,
        startsAt: new Date(w.startAt),
        deadlineAt: new Date(w.deadlineAt),
        graceUntil: new Date(w.graceEndsAt),
        size: w.size,
      })),
    );
  }
  await appendAudit(store, {
    actor: author.username,
    action,
    target: `plan-version:${saved.versionId}`,
    source: 'cli',
    now,
    details: { proof: author.method, campaignId, waves: plan.waves.length, identities: plan.totals.inWaves },
  });
  return { campaignId, versionId: saved.versionId, created: saved.created, plan };
}
