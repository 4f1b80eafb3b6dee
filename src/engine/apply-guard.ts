// Guardrails checked at apply time, not only at planning: a hand-edited plan or a stale worker
// still cannot write to an identity it must not touch.
// - SAFETY: the wave's plan version must be approved by an operator other than its author (the
//   store refuses an author's own approval), waves above the blast radius and krbtgt included.
// - SAFETY: a protected identity (break-glass, Reclaim's own accounts, sync accounts, protected
//   groups: the same rules planning uses, evaluated again here) is refused with IDENTITY_PROTECTED,
//   whatever the plan says.
import type { ErrorCode } from '../core/errors/error-catalog.ts';
import type { StoredAction } from '../store/actions/stored-action.ts';
import type { Store } from '../store/open-store.ts';
import { countDistinctApprovers } from '../store/plans/record-approval.ts';
import { storeCall } from '../store/store-error.ts';

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
  /** the reason an identity is protected, or null; evaluated from config and discovery */
  protectedReason: (action: { directory: string; identityKey: string; identityName: string; kind: string }) => string | null | Promise<string | null>;
}

export function createApplyGuard(store: Store, options: ApplyGuardOptions): ApplyGuard {
  const approvedByWave = new Map<number | null, Promise<string | null>>();

  const approvalProblem = (waveId: number | null): Promise<string | null> => {
    let found = approvedByWave.get(waveId);
    if (!found) {
      found = checkApproval(store, options.campaignId, waveId);
      approvedByWave.set(waveId, found);
    }
    return found;
  };

  return {
    async refusal(action) {
      const problem = await approvalProblem(action.waveId);
      if (problem) return { code: 'PLAN_NOT_APPROVED', message: problem, scope: 'run' };
      const reason = await options.protectedReason(action);
      if (reason) return { code: 'IDENTITY_PROTECTED', message: `${action.identityName} is protected (${reason}); refused at apply time`, scope: 'action' };
      return null;
    },
  };
}

async function checkApproval(store: Store, campaignId: string, waveId: number | null): Promise<string | null> {
  const versionIds = await storeCall('reading the plan of a wave', async () => {
    if (waveId !== null) {
      const wave = await store.db.selectFrom('waves').select('planVersionId').where('id', '=', waveId).executeTakeFirst();
      return wave ? [wave.planVersionId] : [];
    }
    const rows = await store.db
      .selectFrom('planVersions')
      .innerJoin('plans', 'plans.id', 'planVersions.planId')
      .select('planVersions.id')
      .where('plans.campaignId', '=', campaignId)
      .execute();
    return rows.map((r) => r.id);
  });
  if (versionIds.length === 0) return `campaign ${campaignId}: no plan version for wave ${waveId ?? '(none)'}`;
  for (const id of versionIds) if ((await countDistinctApprovers(store, id)) >= 1) return null;
  return `plan version ${versionIds[0]!.slice(0, 12)} has no approval from a second operator: run \`reclaim approve --as <another operator>\``;
}
