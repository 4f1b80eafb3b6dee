// Moves one action from one state to another, with its journal event, in one transaction. The
// update is conditional: it happens only if the action is still in `from` (and, when leaving or
// staying in `claimed`, still leased by `owner`); otherwise STORE_CONFLICT, and nothing changes.
import type { Selectable, Updateable } from 'kysely';
import { errorCatalog } from '../../core/errors/error-catalog.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { ActionState, ActionsTable } from '../database.ts';
import type { Store } from '../open-store.ts';
import { inWriteTransaction, type StoreTransaction } from '../write-transaction.ts';
import { applyActionCountChanges } from './action-counters.ts';
import { writeJournalEvents, type JournalEntry } from './journal-event.ts';
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

/** Refuses a transition the state machine does not allow, before anything is written. */
export function assertTransition(input: TransitionInput): void {
  if (!allowed[input.from].includes(input.to)) {
    throw new ReclaimError('UNEXPECTED', `An action cannot go from ${input.from} to ${input.to}`);
  }
  if (input.from === 'claimed' && !input.owner)
    throw new ReclaimError('UNEXPECTED', 'Leaving the claimed state needs the lease owner');
}

/** The column changes of one transition (one set of rules for the single and the batched form). */
export function transitionChanges(input: TransitionInput): Updateable<ActionsTable> {
  const at = input.now.toISOString();
  const changes: Updateable<ActionsTable> = { state: input.to, updatedAt: at };
  if (input.to !== 'claimed') Object.assign(changes, { leaseOwner: null, leaseExpiresAt: null, applyStartedAt: null });
  // SAFETY: 'apply-start' is journaled before the directory write; a lease that expires after it
  // makes the next claim flag the action as recovered (ground truth first).
  if (input.to === 'claimed' && input.event === 'apply-start') changes.applyStartedAt = at;
  if (input.to === 'failed') {
    const retryable =
      input.error?.retryable ??
      (input.error && input.error.code in errorCatalog
        ? errorCatalog[input.error.code as keyof typeof errorCatalog].retryable
        : false);
    changes.failureRetryable = retryable ? 1 : 0;
    changes.nextAttemptAt = retryable ? (input.nextAttemptAt ?? input.now).toISOString() : null;
  } else if (input.to === 'planned') {
    changes.nextAttemptAt = input.nextAttemptAt?.toISOString() ?? null;
  } else if (input.to !== 'claimed') {
    changes.nextAttemptAt = null;
  }
  if (input.error) Object.assign(changes, { lastErrorCode: input.error.code, lastErrorMessage: input.error.message });
  if (input.secretFingerprint !== undefined) changes.secretFingerprint = input.secretFingerprint;
  return changes;
}

/** The conditional update of one transition inside `trx`: the row after it, or undefined when the
 *  action is no longer in `from` (or no longer leased by `owner`). */
export async function updateForTransition(
  trx: StoreTransaction,
  input: TransitionInput,
): Promise<Selectable<ActionsTable> | undefined> {
  return (await updateForTransitions(trx, input, [input.id]))[0];
}

/** The same conditional update for several actions whose change is `input`'s (same columns, same
 *  from and owner): the rows that moved; an action no longer in `from` is left out. */
export async function updateForTransitions(
  trx: StoreTransaction,
  input: TransitionInput,
  ids: readonly number[],
): Promise<Array<Selectable<ActionsTable>>> {
  return trx
    .updateTable('actions')
    .set((eb) => ({
      ...transitionChanges(input),
      journalSeq: eb('journalSeq', '+', 1),
      // given back to planned (kill switch, stop, refusal of the run): never written, so the claim
      // was not an attempt; stops and pauses must not use up a retryable action's attempts
      ...(input.from === 'claimed' && input.to === 'planned' ? { attempts: eb('attempts', '-', 1) } : {}),
    }))
    .where('id', 'in', [...ids])
    .where('state', '=', input.from)
    .$if(input.from === 'claimed', (q) => q.where('leaseOwner', '=', input.owner!))
    .returningAll()
    .execute();
}

/** The journal entry of a transition that happened, from the updated row. */
export function journalEntryFor(input: TransitionInput, action: StoredAction): JournalEntry {
  const details = {
    ...input.details,
    ...(input.error ? { errorCode: input.error.code, retryable: action.failureRetryable } : {}),
  };
  return {
    actionId: action.id,
    campaignId: action.campaignId,
    seq: action.journalSeq,
    at: input.now.toISOString(),
    fromState: input.from,
    toState: input.to,
    event: input.event,
    owner: input.owner ?? null,
    details,
    directory: action.directory,
  };
}

export async function transitionAction(store: Store, input: TransitionInput): Promise<StoredAction> {
  assertTransition(input);
  return inWriteTransaction(store, `recording ${input.event} for action ${input.id}`, async (trx) => {
    const row = await updateForTransition(trx, input);
    if (!row) {
      const current = await trx
        .selectFrom('actions')
        .select(['state', 'leaseOwner'])
        .where('id', '=', input.id)
        .executeTakeFirst();
      if (!current) throw new ReclaimError('NOT_FOUND', `No action ${input.id}`);
      const holder = current.state === 'claimed' ? ` leased by ${current.leaseOwner ?? 'nobody'}` : '';
      throw new ReclaimError(
        'STORE_CONFLICT',
        `Action ${input.id} is ${current.state}${holder}, not ${input.from}${input.owner ? ` leased by ${input.owner}` : ''}: another worker took it over`,
      );
    }
    const action = toStoredAction(row);
    await writeJournalEvents(trx, [journalEntryFor(input, action)]);
    await applyActionCountChanges(trx, [
      { campaignId: action.campaignId, waveId: action.waveId, from: input.from, to: input.to },
    ]);
    return action;
  });
}
