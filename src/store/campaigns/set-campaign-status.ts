// Moves a campaign between draft/active/paused/aborted/completed, only from the states allowed,
// and fixes T0 the first time it becomes active.
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { CampaignStatus } from '../database.ts';
import type { Store } from '../open-store.ts';
import { inWriteTransaction } from '../write-transaction.ts';

const allowedFrom: Record<CampaignStatus, readonly CampaignStatus[]> = {
  draft: [],
  active: ['draft', 'paused'],
  paused: ['active'],
  aborted: ['draft', 'active', 'paused'],
  completed: ['active', 'paused'],
};

export async function setCampaignStatus(
  store: Store,
  input: { campaignId: string; status: CampaignStatus; t0?: Date; now: Date },
): Promise<void> {
  await inWriteTransaction(store, `changing the status of campaign ${input.campaignId}`, async (trx) => {
    const current = await trx
      .selectFrom('campaigns')
      .select(['status', 't0'])
      .where('id', '=', input.campaignId)
      .executeTakeFirst();
    if (!current) throw new ReclaimError('NOT_FOUND', `No campaign ${input.campaignId}`);
    if (!allowedFrom[input.status].includes(current.status)) {
      throw new ReclaimError(
        'STORE_CONFLICT',
        `Campaign ${input.campaignId} is ${current.status} and cannot become ${input.status}`,
      );
    }
    const t0 = current.t0 ?? (input.status === 'active' ? (input.t0 ?? input.now).toISOString() : null);
    await trx
      .updateTable('campaigns')
      .set({ status: input.status, t0 })
      .where('id', '=', input.campaignId)
      .where('status', '=', current.status)
      .execute();
  });
}
