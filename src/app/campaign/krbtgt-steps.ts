// `reclaim krbtgt status|reset`: the krbtgt double reset on its timer. The first reset runs when
// asked; SAFETY: the second only once every ticket issued under the old key has expired and the
// first reset has replicated (the plan's timeline, measured from when the first reset was really
// applied). Earlier, it is refused unless a second operator approved the plan version besides the
// first approver (two approvers other than the author) and --early is given; both are audited.
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { EngineEvent } from '../../engine/engine-event.ts';
import type { RunSummary } from '../../engine/run-actions.ts';
import { actionsByKeys } from '../../store/actions/actions-by-key.ts';
import { insertActions } from '../../store/actions/insert-actions.ts';
import { appendAudit } from '../../store/audit/append-audit.ts';
import type { App } from '../create-app.ts';
import { requireActor } from '../operators/operator-identity.ts';
import { currentPlanHeader } from './current-plan.ts';
import { keyVersionPerDc, requireFirstKeyEverywhere, type DcKeyVersion } from './krbtgt-key-everywhere.ts';
import { krbtgtStepFailures, retryFailedKrbtgtSteps, type KrbtgtStepFailure } from './krbtgt-step-failures.ts';
import { resolveCampaign } from './resolve-campaign.ts';
import { executeDueActions } from './run-campaign.ts';

export interface KrbtgtAccountStatus {
  directory: string;
  name: string;
  key: string;
  firstAppliedAt: string | null;
  secondAppliedAt: string | null;
  secondSafeAt: string | null;
  /** why the second reset waits: the maximum ticket lifetime plus replication, from the plan */
  secondWaitHours: number;
  secondWhy: string;
  /** the first reset is applied and the wait is over */
  secondSafeNow: boolean;
  next: 'first' | 'second' | 'done';
  states: Record<string, string>;
  /** the next step's last failure, when it failed */
  failure?: { code: string | null; message: string | null };
  /** several DCs: the key version each one shows */
  keyPerDc?: DcKeyVersion[];
}

const stepKey = (campaignId: string, directory: string, key: string, step: 1 | 2) =>
  `${campaignId}/krbtgt/${directory}/${key}/step${step}`;

export interface KrbtgtStatus {
  campaignId: string;
  /** approvers of the current plan version: an early second reset needs two */
  approvers: string[];
  /** an early second reset (before secondSafeAt) is allowed: --early and two approvers */
  earlySecondAllowed: boolean;
  accounts: KrbtgtAccountStatus[];
}

export async function krbtgtStatus(app: App, input: { campaignId?: string }): Promise<KrbtgtStatus> {
  const store = await app.store();
  const campaign = await resolveCampaign(store, input.campaignId);
  const { plan, approvers } = await currentPlanHeader(store, campaign.id);
  const accounts: KrbtgtAccountStatus[] = [];
  for (const first of plan.krbtgt.filter((s) => s.step === 1)) {
    const second = plan.krbtgt.find((s) => s.step === 2 && s.key === first.key && s.directory === first.directory);
    const gapMs = second ? Date.parse(second.at) - Date.parse(first.at) : 0;
    const rows = await actionsByKeys(store, [
      stepKey(campaign.id, first.directory, first.key, 1),
      stepKey(campaign.id, first.directory, first.key, 2),
    ]);
    const row = (step: 1 | 2) =>
      rows.find((r) => r.idempotencyKey === stepKey(campaign.id, first.directory, first.key, step));
    const appliedAt = (step: 1 | 2) => {
      const r = row(step);
      return r && (r.state === 'applied' || r.state === 'verified') ? r.updatedAt : null;
    };
    const firstAppliedAt = appliedAt(1);
    const secondAppliedAt = appliedAt(2);
    const secondSafeAt = firstAppliedAt ? new Date(Date.parse(firstAppliedAt) + gapMs).toISOString() : null;
    accounts.push({
      directory: first.directory,
      name: first.name,
      key: first.key,
      firstAppliedAt,
      secondAppliedAt,
      secondSafeAt,
      secondSafeNow: secondSafeAt !== null && Date.parse(secondSafeAt) <= app.clock.now().getTime(),
      secondWaitHours: gapMs / 3_600_000,
      secondWhy: second?.why ?? 'no second reset planned',
      next: !firstAppliedAt ? 'first' : !secondAppliedAt ? 'second' : 'done',
      states: { step1: row(1)?.state ?? 'not started', step2: row(2)?.state ?? 'not started' },
    });
    const failed = [row(1), row(2)].find((r) => r?.state === 'failed');
    if (failed)
      accounts[accounts.length - 1]!.failure = { code: failed.lastErrorCode, message: failed.lastErrorMessage };
    const keyPerDc = await keyVersionPerDc(app, first); // several DCs only
    if (keyPerDc) accounts[accounts.length - 1]!.keyPerDc = keyPerDc;
  }
  return { campaignId: campaign.id, approvers, earlySecondAllowed: approvers.length >= 2, accounts };
}

export async function krbtgtReset(
  app: App,
  input: { campaignId?: string; early?: boolean; replicationWaitMs?: number; onEvent?: (e: EngineEvent) => void },
): Promise<{
  campaignId: string;
  step: 1 | 2 | null;
  accounts: string[];
  summary: RunSummary | null;
  retried?: string[];
  failures?: KrbtgtStepFailure[];
}> {
  const store = await app.store();
  const status = await krbtgtStatus(app, input);
  const campaign = await resolveCampaign(store, status.campaignId);
  const current = await currentPlanHeader(store, campaign.id);
  if (status.accounts.length === 0)
    throw new ReclaimError('NOT_FOUND', 'The plan has no krbtgt double reset (triage did not call for it)');
  const pending = status.accounts.filter((a) => a.next !== 'done');
  if (pending.length === 0) return { campaignId: campaign.id, step: null, accounts: [], summary: null };
  const step: 1 | 2 = pending.some((a) => a.next === 'first') ? 1 : 2;
  const now = app.clock.now();
  if (step === 2) {
    const early = pending.filter((a) => a.secondSafeAt !== null && Date.parse(a.secondSafeAt) > now.getTime());
    if (early.length > 0) {
      if (input.early) requireActor(app, 'plan.approve', 'an early second krbtgt reset');
      if (!input.early)
        throw new ReclaimError(
          'TOO_EARLY',
          `The second krbtgt reset is safe from ${early[0]!.secondSafeAt}: tickets issued under the ` +
            `old key are still valid and replication may not be complete`,
        );
      if (!status.earlySecondAllowed)
        throw new ReclaimError(
          'SECOND_APPROVER_REQUIRED',
          `An early second krbtgt reset needs a second approver of plan version ` +
            `${current.versionId.slice(0, 12)} (approved so far by ` +
            `${current.approvers.join(', ') || 'nobody'})`,
        );
    }
  }
  const targets = pending.filter((a) => a.next === (step === 1 ? 'first' : 'second'));
  // several DCs: the second reset only once every DC holds the first one's key (--early does not lift it)
  if (step === 2) await requireFirstKeyEverywhere(app, campaign.id, targets, input.replicationWaitMs ?? 60_000);
  const keys = targets.map((a) => stepKey(campaign.id, a.directory, a.key, step));
  await insertActions(
    store,
    targets.map((a, i) => ({
      campaignId: campaign.id,
      waveId: null,
      directory: a.directory,
      identityKey: a.key,
      identityName: a.name,
      kind: 'resetKrbtgt',
      params: { step },
      idempotencyKey: keys[i]!,
      notBefore: now,
    })),
    now,
  );
  // a step that failed before (no rights, a wrong bind) is tried again as the same action
  const retried = await retryFailedKrbtgtSteps(app, keys);
  await appendAudit(store, {
    actor: app.actor?.username ?? app.operator,
    action: `krbtgt.reset.step${step}`,
    target: `campaign:${campaign.id}`,
    source: 'cli',
    now,
    details: {
      accounts: targets.map((a) => a.name),
      early: input.early === true,
      proof: app.actor?.method ?? 'none',
      retried,
    },
  });
  const summary = await executeDueActions(app, campaign.id, {
    untilDone: true,
    ...(input.onEvent ? { onEvent: input.onEvent } : {}),
  });
  return {
    campaignId: campaign.id,
    step,
    accounts: targets.map((a) => a.name),
    summary,
    retried,
    failures: await krbtgtStepFailures(store, keys),
  };
}
