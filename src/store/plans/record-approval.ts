// Approvals of one plan version. SAFETY: the author's own approval never counts; a plan needs
// approvals from operators other than its author, counted distinct, so one person approving
// twice (or under two roles) is still one approval: the second is not recorded, and the caller is
// told so (`recorded: false`), so it audits nothing twice.
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';
import { inWriteTransaction } from '../write-transaction.ts';

export async function recordApproval(
  store: Store,
  input: { planVersionId: string; approver: string; role?: string; comment?: string; now: Date },
): Promise<{ recorded: boolean }> {
  return inWriteTransaction(store, 'recording an approval', async (trx) => {
    const version = await trx
      .selectFrom('planVersions')
      .select('createdBy')
      .where('id', '=', input.planVersionId)
      .executeTakeFirst();
    if (!version) throw new ReclaimError('NOT_FOUND', `No plan version ${input.planVersionId}`);
    if (version.createdBy === input.approver) {
      throw new ReclaimError(
        'SECOND_APPROVER_REQUIRED',
        `${input.approver} wrote this plan version and cannot approve it; another operator must`,
      );
    }
    const earlier = await trx
      .selectFrom('approvals')
      .select('approver')
      .where('planVersionId', '=', input.planVersionId)
      .where('approver', '=', input.approver)
      .executeTakeFirst();
    if (earlier) return { recorded: false };
    await trx
      .insertInto('approvals')
      .values({
        planVersionId: input.planVersionId,
        approver: input.approver,
        approvedAt: input.now.toISOString(),
        role: input.role ?? null,
        comment: input.comment ?? null,
      })
      .onConflict((oc) => oc.columns(['planVersionId', 'approver']).doNothing())
      .execute();
    return { recorded: true };
  });
}

/** How many distinct operators other than the author approved this version. */
export async function countDistinctApprovers(store: Store, planVersionId: string): Promise<number> {
  const row = await storeCall('counting approvals', () =>
    store.db
      .selectFrom('approvals')
      .innerJoin('planVersions', 'planVersions.id', 'approvals.planVersionId')
      .select((eb) => eb.fn.count<number>('approvals.approver').distinct().as('approvers'))
      .where('approvals.planVersionId', '=', planVersionId)
      .whereRef('approvals.approver', '<>', 'planVersions.createdBy')
      .executeTakeFirstOrThrow(),
  );
  return Number(row.approvers);
}
