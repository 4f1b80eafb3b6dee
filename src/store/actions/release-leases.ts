// Graceful shutdown: gives back every action a worker holds. Actions it never started go back to
// planned. SAFETY: actions whose directory write had started ('apply-start' journaled, no outcome)
// stay claimed with an expired lease, so the next claim flags them recovered and the engine reads
// the ground truth before writing again.
import type { Store } from '../open-store.ts';
import { inWriteTransaction } from '../write-transaction.ts';
import { applyActionCountChanges } from './action-counters.ts';
import { writeJournalEvents } from './journal-event.ts';

export async function releaseLeases(
  store: Store,
  input: { owner: string; now: Date },
): Promise<{ released: number; inDoubt: number }> {
  const at = input.now.toISOString();
  return inWriteTransaction(store, `releasing leases of ${input.owner}`, async (trx) => {
    const released = await trx
      .updateTable('actions')
      // never started: the claim was not an attempt (transition-action.ts, the same rule)
      .set((eb) => ({
        state: 'planned',
        leaseOwner: null,
        leaseExpiresAt: null,
        updatedAt: at,
        journalSeq: eb('journalSeq', '+', 1),
        attempts: eb('attempts', '-', 1),
      }))
      .where('state', '=', 'claimed')
      .where('leaseOwner', '=', input.owner)
      .where('applyStartedAt', 'is', null)
      .returning(['id', 'campaignId', 'waveId', 'journalSeq'])
      .execute();
    const inDoubt = await trx
      .updateTable('actions')
      .set((eb) => ({ leaseExpiresAt: at, updatedAt: at, journalSeq: eb('journalSeq', '+', 1) }))
      .where('state', '=', 'claimed')
      .where('leaseOwner', '=', input.owner)
      .where('applyStartedAt', 'is not', null)
      .returning(['id', 'campaignId', 'journalSeq', 'applyStartedAt'])
      .execute();
    await writeJournalEvents(trx, [
      ...released.map((r) => ({
        actionId: Number(r.id),
        campaignId: r.campaignId,
        seq: Number(r.journalSeq),
        at,
        fromState: 'claimed' as const,
        toState: 'planned' as const,
        event: 'release',
        owner: input.owner,
      })),
      ...inDoubt.map((r) => ({
        actionId: Number(r.id),
        campaignId: r.campaignId,
        seq: Number(r.journalSeq),
        at,
        fromState: 'claimed' as const,
        toState: 'claimed' as const,
        event: 'release-in-doubt',
        owner: input.owner,
        details: { applyStartedAt: r.applyStartedAt },
      })),
    ]);
    await applyActionCountChanges(
      trx,
      released.map((r) => ({
        campaignId: r.campaignId,
        waveId: r.waveId === null ? null : Number(r.waveId),
        from: 'claimed',
        to: 'planned',
      })),
    );
    return { released: released.length, inDoubt: inDoubt.length };
  });
}
