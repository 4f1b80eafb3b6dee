// The kill switch of a campaign: read before every directory write (one primary-key lookup), set
// by an operator; setting it is audited in the same transaction.
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { appendAuditIn } from '../audit/append-audit.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';
import { inWriteTransaction } from '../write-transaction.ts';

export interface KillSwitchState {
  engaged: boolean;
  changedAt: string | null;
  changedBy: string | null;
}

export async function readKillSwitch(store: Store, campaignId: string): Promise<KillSwitchState> {
  const row = await storeCall('reading the kill switch', () =>
    store.db
      .selectFrom('campaigns')
      .select(['killSwitch', 'killSwitchChangedAt', 'killSwitchChangedBy'])
      .where('id', '=', campaignId)
      .executeTakeFirst(),
  );
  // SAFETY: an unknown campaign reads as engaged, so a typo can never mean "go ahead".
  if (!row) return { engaged: true, changedAt: null, changedBy: null };
  return {
    engaged: Number(row.killSwitch) === 1,
    changedAt: row.killSwitchChangedAt,
    changedBy: row.killSwitchChangedBy,
  };
}

export async function setKillSwitch(
  store: Store,
  input: {
    campaignId: string;
    engaged: boolean;
    by: string;
    source: 'cli' | 'console' | 'engine';
    ip?: string;
    reason?: string;
    now: Date;
  },
): Promise<void> {
  await inWriteTransaction(store, 'setting the kill switch', async (trx) => {
    const updated = await trx
      .updateTable('campaigns')
      .set({
        killSwitch: input.engaged ? 1 : 0,
        killSwitchChangedAt: input.now.toISOString(),
        killSwitchChangedBy: input.by,
      })
      .where('id', '=', input.campaignId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new ReclaimError('NOT_FOUND', `No campaign ${input.campaignId}`);
    await appendAuditIn(trx, store.dialect, {
      actor: input.by,
      action: input.engaged ? 'kill-switch.engage' : 'kill-switch.release',
      target: `campaign:${input.campaignId}`,
      details: input.reason ? { reason: input.reason } : {},
      source: input.source,
      ip: input.ip ?? null,
      now: input.now,
    });
  });
}
