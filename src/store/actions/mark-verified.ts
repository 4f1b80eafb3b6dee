// Verification's store side: the applied actions of a page of people, and applied -> verified for
// those whose person the directory shows changed, with a journal entry and the counters, per batch
// in one transaction (an action that moved on meanwhile is left alone).
import type { Store } from '../open-store.ts';
import { inWriteTransaction } from '../write-transaction.ts';
import { applyActionCountChanges } from './action-counters.ts';
import { actionsOfIdentities, type IdentityAction } from './actions-of-identities.ts';
import { writeJournalEvents } from './journal-event.ts';

/** The applied actions of these identities (a page of the people verified). */
export async function appliedActions(
  store: Store,
  campaignId: string,
  identities: Iterable<{ directory: string; key: string }>,
): Promise<IdentityAction[]> {
  return actionsOfIdentities(store, { campaignId, identities, states: ['applied'] });
}

/** Returns the ids that became verified. */
export async function markActionsVerified(
  store: Store,
  input: { campaignId: string; ids: readonly number[]; now: Date; details: Record<string, unknown> },
): Promise<number[]> {
  if (input.ids.length === 0) return [];
  const at = input.now.toISOString();
  return inWriteTransaction(store, 'marking actions verified', async (trx) => {
    const updated = await trx
      .updateTable('actions')
      .set((eb) => ({ state: 'verified', updatedAt: at, journalSeq: eb('journalSeq', '+', 1) }))
      .where('id', 'in', [...input.ids])
      .where('state', '=', 'applied')
      .returning(['id', 'waveId', 'journalSeq'])
      .execute();
    await writeJournalEvents(
      trx,
      updated.map((u) => ({
        actionId: Number(u.id),
        campaignId: input.campaignId,
        seq: Number(u.journalSeq),
        at,
        fromState: 'applied' as const,
        toState: 'verified' as const,
        event: 'verify',
        owner: null,
        details: input.details,
      })),
    );
    await applyActionCountChanges(
      trx,
      updated.map((u) => ({
        campaignId: input.campaignId,
        waveId: u.waveId === null ? null : Number(u.waveId),
        from: 'applied',
        to: 'verified',
      })),
    );
    return updated.map((u) => Number(u.id));
  });
}
