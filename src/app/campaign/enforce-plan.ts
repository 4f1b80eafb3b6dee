// `reclaim enforce`: at a wave's deadline (the end of its grace period), disables the accounts
// whose ground truth shows no password change since T0, except those with a recorded exemption;
// re-enables accounts it disabled once their ground truth shows a change. Every disable and
// enable is an engine action: journaled, guarded, paced, never repeated.
import type { CredentialState } from '../../core/action.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { assignmentOperations, planTemplates, type PlannedOperation } from '../../core/planning/planned-operations.ts';
import { decideAtDeadline, shouldReenable } from '../../engine/enforce-deadline.ts';
import { passwordChangedSince } from '../../engine/password-changed.ts';
import type { EngineEvent } from '../../engine/engine-event.ts';
import type { RunSummary } from '../../engine/run-actions.ts';
import { actionsByKeyPrefix } from '../../store/actions/actions-by-key.ts';
import { insertActions, type NewAction } from '../../store/actions/insert-actions.ts';
import { appliedPolicyLinks } from '../../store/actions/password-policy-links.ts';
import { transitionAction } from '../../store/actions/transition-action.ts';
import { appendAudit } from '../../store/audit/append-audit.ts';
import type { App } from '../create-app.ts';
import { currentPlanHeader } from './current-plan.ts';
import { waveAssignmentPages } from '../../store/plans/read-plan-assignments.ts';
import { resolveCampaign } from './resolve-campaign.ts';
import { executeDueActions } from './run-campaign.ts';

export interface EnforceInput {
  campaignId?: string;
  waves?: number[];
  /** SAFETY: enforce before the deadline; audited (the demo and drills) */
  ignoreDeadline?: boolean;
  exempt?: Array<{ name: string; reason: string }>;
  onEvent?: (event: EngineEvent) => void;
  signal?: AbortSignal;
  /** decide and report only: nothing is inserted, written or audited (the preview without --yes) */
  dryRun?: boolean;
}

export interface EnforceResult {
  campaignId: string;
  waves: number[];
  compliant: number;
  disabled: string[];
  exempt: string[];
  reenabled: string[];
  alreadyDisabled: string[];
  /** people who changed: their link to the alternative's short-age password policy is removed */
  unlinked: string[];
  dryRun: boolean;
  summary: RunSummary | null;
}

export const deadlineKey = (campaignId: string, directory: string, key: string) =>
  `${campaignId}/deadline/${directory}/${key}/disable`;
const reenableKey = (campaignId: string, directory: string, key: string) =>
  `${campaignId}/reenable/${directory}/${key}/enable`;

export async function enforcePlan(app: App, input: EnforceInput): Promise<EnforceResult> {
  const store = await app.store();
  const campaign = await resolveCampaign(store, input.campaignId);
  if (!campaign.t0) throw new ReclaimError('TOO_EARLY', `Campaign ${campaign.id} has not started (no T0)`);
  const t0 = campaign.t0;
  const current = await currentPlanHeader(store, campaign.id);
  const now = app.clock.now();
  const due = current.plan.waves.filter((w) =>
    input.waves && input.waves.length > 0 ? input.waves.includes(w.number) : true,
  );
  const early = due.filter((w) => Date.parse(w.graceEndsAt) > now.getTime());
  if (early.length > 0 && !input.ignoreDeadline) {
    throw new ReclaimError(
      'TOO_EARLY',
      `The deadline of wave ${early.map((w) => w.number).join(', ')} has not passed (grace ends ${early[0]!.graceEndsAt})`,
      {
        details: ['enforce only waves past their deadline (--wave N), or add --ignore-deadline (audited)'],
      },
    );
  }
  const waves = due.map((w) => w.number);
  const waveIds = new Map(current.waves.map((w) => [w.ordinal, w.id]));
  const result: EnforceResult = {
    campaignId: campaign.id,
    waves,
    compliant: 0,
    disabled: [],
    exempt: [],
    reenabled: [],
    alreadyDisabled: [],
    unlinked: [],
    dryRun: input.dryRun === true,
    summary: null,
  };
  const directories = app.directories();
  const read = (directory: string, key: string, name: string): Promise<CredentialState> => {
    const d = directories.get(directory);
    if (!d) throw new ReclaimError('CONFIG_INVALID', `directory ${directory} is not configured`);
    return d.readCredentialState({ directory, key, name });
  };

  const existing = new Map(
    (await actionsByKeyPrefix(store, { campaignId: campaign.id, prefix: `${campaign.id}/deadline/` })).map((r) => [
      r.idempotencyKey,
      r,
    ]),
  );
  const exemptions = new Map((input.exempt ?? []).map((e) => [e.name.toLowerCase(), e.reason]));
  const toInsert: NewAction[] = [];
  const templatesOf = planTemplates(current.plan.settings);
  const enforcePage = (deadlineOps: PlannedOperation[]) =>
    forEachLimited(deadlineOps, 8, async (op) => {
      if (op.type !== 'action') return;
      const { directory, key, name } = op.action.identity;
      const idempotencyKey = deadlineKey(campaign.id, directory, key);
      const prior = existing.get(idempotencyKey);
      const exemptReason = exemptions.get(name.toLowerCase());
      if (prior && prior.state !== 'planned') {
        if (prior.state === 'skipped') result.exempt.push(name);
        return;
      }
      const decision = decideAtDeadline(await read(directory, key, name), t0, exemptReason !== undefined);
      if (decision === 'compliant') result.compliant++;
      else if (decision === 'already-disabled') result.alreadyDisabled.push(name);
      else if (decision === 'exempt' || decision === 'disable') {
        if (!prior)
          toInsert.push({
            campaignId: campaign.id,
            waveId: waveIds.get(op.wave) ?? null,
            directory,
            identityKey: key,
            identityName: name,
            kind: 'disable',
            params: { reason: 'deadline' },
            idempotencyKey,
            notBefore: now,
          });
        if (decision === 'exempt') result.exempt.push(name);
        else result.disabled.push(name);
      }
    });
  // a page of assignments at a time (read-plan-assignments.ts): memory holds a page, not the plan
  for await (const page of waveAssignmentPages(store, current.versionId, due)) {
    const deadlineOps = page.flatMap(({ wave, assignment }) =>
      assignmentOperations(templatesOf, due.find((w) => w.number === wave)!, assignment).filter(
        (op) => op.type === 'action' && op.phase === 'deadline' && op.action.kind === 'disable',
      ),
    );
    await enforcePage(deadlineOps);
  }
  if (input.dryRun) {
    // the re-enables and unlinks that would follow, read from the directory, nothing written
    await plannedFollowUps(app, campaign.id, t0, waves, read, result);
    for (const list of [result.disabled, result.exempt, result.reenabled, result.alreadyDisabled, result.unlinked])
      list.sort();
    return result;
  }
  await insertActions(store, toInsert, now);
  // SAFETY: an exemption is recorded as the deadline action skipped, with its reason and who gave it.
  for (const [nameLower, reason] of exemptions) {
    const row = await actionsByKeyPrefix(store, {
      campaignId: campaign.id,
      prefix: `${campaign.id}/deadline/`,
      states: ['planned'],
    });
    for (const r of row.filter((x) => x.identityName.toLowerCase() === nameLower)) {
      await transitionAction(store, {
        id: r.id,
        from: 'planned',
        to: 'skipped',
        event: 'exempt',
        details: { reason, by: app.operator },
        now,
      });
    }
  }

  // Re-enable what enforcement disabled, and unlink the alternative's policy, once the ground truth shows a change since T0.
  const enables = await plannedFollowUps(app, campaign.id, t0, waves, read, result);
  await insertActions(store, enables, now);

  await appendAudit(store, {
    actor: app.operator,
    action: 'enforce',
    target: `campaign:${campaign.id}`,
    source: 'cli',
    now,
    details: {
      waves,
      ignoreDeadline: early.length > 0,
      disable: result.disabled.length,
      exempt: result.exempt.length,
      reenable: result.reenabled.length,
      unlink: result.unlinked.length,
      exemptions: [...exemptions.entries()].map(([n, r]) => ({ name: n, reason: r })),
    },
  });
  if (toInsert.length > 0 || enables.length > 0) {
    result.summary = await executeDueActions(app, campaign.id, {
      untilDone: true,
      ...(input.onEvent ? { onEvent: input.onEvent } : {}),
      ...(input.signal ? { signal: input.signal } : {}),
    });
  }
  for (const list of [result.disabled, result.exempt, result.reenabled, result.alreadyDisabled, result.unlinked])
    list.sort();
  return result;
}

/**
 * The actions that follow a change seen in the directory: re-enable an account enforcement
 * disabled; remove a changed person's link to the alternative's short-age password policy (a new
 * password must not keep expiring every few days). Returned, and named in the result.
 */
async function plannedFollowUps(
  app: App,
  campaignId: string,
  t0: string,
  waves: number[],
  read: (directory: string, key: string, name: string) => Promise<CredentialState>,
  result: EnforceResult,
): Promise<NewAction[]> {
  const store = await app.store();
  const now = app.clock.now();
  const disabledRows = await actionsByKeyPrefix(store, {
    campaignId,
    prefix: `${campaignId}/deadline/`,
    states: ['applied', 'verified'],
  });
  const follow: NewAction[] = [];
  await forEachLimited(disabledRows, 8, async (r) => {
    if (shouldReenable(await read(r.directory, r.identityKey, r.identityName), t0)) {
      follow.push({
        campaignId,
        waveId: r.waveId,
        directory: r.directory,
        identityKey: r.identityKey,
        identityName: r.identityName,
        kind: 'enable',
        params: { reason: 'changed-after-deadline' },
        idempotencyKey: reenableKey(campaignId, r.directory, r.identityKey),
        notBefore: now,
      });
      result.reenabled.push(r.identityName);
    }
  });
  const linked = await appliedPolicyLinks(store, campaignId);
  const unlinkedAlready = new Set(
    (await actionsByKeyPrefix(store, { campaignId, prefix: `${campaignId}/unlink-pso/` })).map((r) => r.idempotencyKey),
  );
  await forEachLimited(
    linked.filter((r) => waves.includes(r.ordinal)),
    8,
    async (r) => {
      const idempotencyKey = `${campaignId}/unlink-pso/${r.directory}/${r.identityKey}`;
      if (unlinkedAlready.has(idempotencyKey)) return;
      const state = await read(r.directory, r.identityKey, r.identityName);
      if (!state.exists || !passwordChangedSince(state, t0)) return;
      const params = r.params as { maxAgeDays?: number; groupDn?: string };
      follow.push({
        campaignId,
        waveId: r.waveId,
        directory: r.directory,
        identityKey: r.identityKey,
        identityName: r.identityName,
        kind: 'unlinkPasswordPolicy',
        params: { maxAgeDays: params.maxAgeDays, ...(params.groupDn ? { groupDn: params.groupDn } : {}) },
        idempotencyKey,
        notBefore: now,
      });
      result.unlinked.push(r.identityName);
    },
  );
  return follow;
}

async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}
