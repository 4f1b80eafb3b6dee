// Guardrails checked at apply time, not only at planning: a hand-edited plan or a stale worker
// still cannot write to an identity it must not touch.
// - SAFETY: the wave's plan version must be approved by an operator other than its author (the
//   store refuses an author's own approval); a wave above the blast radius (its identities counted
//   from the actions, not from what the plan claims) needs two distinct approvers, neither the author.
// - SAFETY: nothing is written for a campaign that is aborted or completed (checked per action, so
//   a worker started before the abort stops too).
// - SAFETY: a protected identity (break-glass, Reclaim's own accounts, sync accounts, protected
//   groups: the same rules planning uses, evaluated again here) is refused with IDENTITY_PROTECTED,
//   whatever the plan says.
import type { ErrorCode } from '../core/errors/error-catalog.ts';
import type { StoredAction } from '../store/actions/stored-action.ts';
import type { Store } from '../store/open-store.ts';
import { waveReach } from '../store/plans/list-waves.ts';
import { campaignPlanVersionIds } from '../store/plans/read-plan-versions.ts';
import { countDistinctApprovers } from '../store/plans/record-approval.ts';

export interface Refusal {
  code: ErrorCode;
  message: string;
  /** 'action': this action is refused and recorded; 'run': nothing of this run may be written */
  scope: 'action' | 'run';
}

export interface ApplyGuard {
  refusal(action: StoredAction): Promise<Refusal | null>;
}

export interface ApplyGuardOptions {
  campaignId: string;
  /** waves with more identities than this need two approvers other than the author */
  blastRadius?: number;
  /** the campaign's state now (read per action): a reason to refuse every write, or null */
  campaignClosed?: () => Promise<string | null>;
  /** the reason an identity is protected, or null; evaluated from config and discovery */
  protectedReason: (action: {
    directory: string;
    identityKey: string;
    identityName: string;
    kind: string;
  }) => string | null | Promise<string | null>;
}

export function createApplyGuard(store: Store, options: ApplyGuardOptions): ApplyGuard {
  const approvedByWave = new Map<number | null, Promise<string | null>>();

  const approvalProblem = (waveId: number | null): Promise<string | null> => {
    let found = approvedByWave.get(waveId);
    if (!found) {
      found = checkApproval(store, options.campaignId, waveId, options.blastRadius ?? Infinity);
      approvedByWave.set(waveId, found);
    }
    return found;
  };

  return {
    async refusal(action) {
      const closed = await options.campaignClosed?.();
      if (closed) return { code: 'CAMPAIGN_CLOSED', message: closed, scope: 'run' };
      const problem = await approvalProblem(action.waveId);
      if (problem) return { code: 'PLAN_NOT_APPROVED', message: problem, scope: 'run' };
      const reason = await options.protectedReason(action);
      if (reason)
        return {
          code: 'IDENTITY_PROTECTED',
          message: `${action.identityName} is protected (${reason}); refused at apply time`,
          scope: 'action',
        };
      return null;
    },
  };
}

/** The plan version of the wave, with its reach; without a wave, every version of the campaign. */
async function planVersionsToApprove(
  store: Store,
  campaignId: string,
  waveId: number | null,
): Promise<Array<{ id: string; wave: number | null; size: number }>> {
  if (waveId !== null) {
    const wave = await waveReach(store, waveId);
    return wave ? [{ id: wave.planVersionId, wave: wave.ordinal, size: Math.max(wave.size, wave.identities) }] : [];
  }
  return (await campaignPlanVersionIds(store, campaignId)).map((id) => ({ id, wave: null, size: 0 }));
}

async function checkApproval(
  store: Store,
  campaignId: string,
  waveId: number | null,
  blastRadius: number,
): Promise<string | null> {
  const versions = await planVersionsToApprove(store, campaignId, waveId);
  if (versions.length === 0) return `campaign ${campaignId}: no plan version for wave ${waveId ?? '(none)'}`;
  for (const v of versions) {
    const approvers = await countDistinctApprovers(store, v.id);
    if (approvers >= 1 && v.size <= blastRadius) return null;
    if (approvers >= 2) return null;
    if (approvers === 1) {
      return (
        `wave ${v.wave} has ${v.size} identities, above guardrails.blastRadius ` +
        `(${blastRadius}): it needs a second approver besides the first, neither of them the ` +
        `plan's author`
      );
    }
  }
  return `plan version ${versions[0]!.id.slice(0, 12)} has no approval from a second operator: another operator must run \`reclaim approve\``;
}
