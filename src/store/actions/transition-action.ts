// Moves one action from one state to another, with its journal event, in one transaction. The
// update is conditional: it happens only if the action is still in `from` (and, when leaving or
// staying in `claimed`, still leased by `owner`); otherwise STORE_CONFLICT, and nothing changes.
import type { Updateable } from 'kysely';
import { errorCatalog } from '../../core/errors/error-catalog.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { ActionState, ActionsTable } from '../database.ts';
import type { Store } from '../open-store.ts';
import { inWriteTransaction } from '../write-transaction.ts';
import { applyActionCountChanges } from './action-counters.ts';
import { writeJournalEvents } from './journal-event.ts';
import { toStoredAction, type StoredAction } from './stored-action.ts';

const allowed: Record<ActionState, readonly ActionState[]> = {
  planned: ['skipped'],
  claimed: ['claimed', 'applied', 'failed', 'skipped', 'planned'],
  applied: ['verified', 'failed'],
  failed: ['skipped', 'planned'],
  verified: [],
  skipped: [],
};

export interface TransitionInput {
  id: number;
  /** the lease owner; required when `from` is 'claimed' */
  owner?: string;
  from: ActionState;
  to: ActionState;
  /** e.g. 'apply-start', 'apply-ok', 'apply-failed', 'verify', 'skip' */
  event: string;
  /** facts for the journal; never secrets */
  details?: Record<string, unknown>;
  error?: { code: string; message: string; retryable?: boolean };
  /** failed (retryable) or planned: when the action is due again */
  nextAttemptAt?: Date;
  /** a hash of the generated secret, to prove a retry reused it; never the secret */
  secretFingerprint?: string;
  now: Date;
}

export async function transitionAction(store: Store, input: TransitionInput): Promise<StoredAction> {
  if (!allowed[input.from].includes(input.to)) {
    throw new ReclaimError('UNEXPECTED', `An action cannot go from ${input.from} to ${input.to}`);
  }
  if (input.from === 'claimed' && !input.owner) throw new ReclaimError('UNEXPECTED', 'Leaving the claimed state needs the lease owner');
  const at = input.now.toISOString();
  const changes: Updateable<ActionsTable> = { state: input.to, updatedAt: at };
  if (input.to !== 'claimed') Object.assign(changes, { leaseOwner: null, leaseExpiresAt: null, applyStartedAt: null });
  // SAFETY: 'apply-start' is journaled before the directory write; a lease that expires after it
  // makes the next claim flag the action as recovered (ground truth first).
  if (input.to === 'claimed' && input.event === 'apply-start') changes.applyStartedAt = at;
  if (input.to === 'failed') {
    const retryable = input.error?.retryable ?? (input.error && input.error.code in errorCatalog ? errorCatalog[input.error.code as keyof typeof errorCatalog].retryable : false);
    changes.failureRetryable = retryable ? 1 : 0;
    changes.nextAttemptAt = retryable ? (input.nextAttemptAt ?? input.now).toISOString() : null;
  } else if (input.to === 'planned') {
    changes.nextAttemptAt = input.nextAttemptAt?.toISOString() ?? null;
  } else if (input.to !== 'claimed') {
    changes.nextAttemptAt = null;
  }
  if (input.error) Object.assign(changes, { lastErrorCode: input.error.code, lastErrorMessage: input.error.message });
  if (input.secretFingerprint !== undefined) changes.secretFingerprint = input.secretFingerprint;

  return inWriteTransaction(store, `recording ${input.event} for action ${input.id}`, async (trx) => {
    const row = await trx
      .updateTable('actions')
      .set((eb) => ({ ...changes, journalSeq: eb('journalSeq', '+', 1) }))
      .where('id', '=', input.id)
      .where('state', '=', input.from)
      .$if(input.from === 'claimed', (q) => q.where('leaseOwner', '=', input.owner!))
      .returningAll()
      .executeTakeFirst();
    if (!row) {
      const current = await trx.selectFrom('actions').select(['state', 'leaseOwner']).where('id', '=', input.id).executeTakeFirst();
      if (!current) throw new ReclaimError('NOT_FOUND', `No action ${input.id}`);
      const holder = current.state === 'claimed' ? ` leased by ${current.leaseOwner ?? 'nobody'}` : '';
      throw new ReclaimError(
        'STORE_CONFLICT',
        `Action ${input.id} is ${current.state}${holder}, not ${input.from}${input.owner ? ` leased by ${input.owner}` : ''}: another worker took it over`,
      );
    }
    const action = toStoredAction(row);
    const details = { ...input.details, ...(input.error ? { errorCode: input.error.code, retryable: action.failureRetryable } : {}) };
    await writeJournalEvents(trx, [
      { actionId: action.id, campaignId: action.campaignId, seq: action.journalSeq, at, fromState: input.from, toState: input.to, event: input.event, owner: input.owner ?? null, details },
    ]);
    await applyActionCountChanges(trx, [{ campaignId: action.campaignId, waveId: action.waveId, from: input.from, to: input.to }]);
    return action;
  });
}
