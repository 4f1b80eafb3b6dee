// An operator asks for another attempt of failed actions (e.g. after fixing the bind account): each
// stays the SAME action, made due again as a retryable failure, with a 'retry-requested' journal
// entry naming who asked and why, in one transaction. SAFETY: the action is not put back to
// 'planned': the engine claims it from 'failed', so it reads the ground truth first when an earlier
// attempt reached the directory (decide-recovery.ts: a krbtgt key whose first write may have landed
// is compared with the key version journaled before that write, never rolled blindly again).
import type { Store } from '../open-store.ts';
import { inWriteTransaction } from '../write-transaction.ts';
import { writeJournalEvents } from './journal-event.ts';

export interface RetryRequest {
  ids: readonly number[];
  requestedBy: string;
  reason: string;
  now: Date;
}

/** Returns the ids made due again; an action no longer failed (applied since, say) is left alone. */
export async function requestRetry(store: Store, input: RetryRequest): Promise<number[]> {
  if (input.ids.length === 0) return [];
  const at = input.now.toISOString();
  return inWriteTransaction(store, `requesting a retry of ${input.ids.length} action(s)`, async (trx) => {
    const rows = await trx
      .updateTable('actions')
      .set((eb) => ({ failureRetryable: 1, nextAttemptAt: at, updatedAt: at, journalSeq: eb('journalSeq', '+', 1) }))
      .where('id', 'in', [...input.ids])
      .where('state', '=', 'failed')
      .returning(['id', 'campaignId', 'directory', 'journalSeq', 'lastErrorCode', 'attempts'])
      .execute();
    // failed -> failed: no action count changes
    await writeJournalEvents(
      trx,
      rows.map((r) => ({
        actionId: Number(r.id),
        campaignId: r.campaignId,
        seq: Number(r.journalSeq),
        at,
        fromState: 'failed' as const,
        toState: 'failed' as const,
        event: 'retry-requested',
        owner: null,
        directory: r.directory,
        details: {
          requestedBy: input.requestedBy,
          reason: input.reason,
          previousError: r.lastErrorCode,
          attemptsSoFar: Number(r.attempts),
        },
      })),
    );
    return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  });
}
