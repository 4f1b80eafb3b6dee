// Group commit for the journal: the state changes of actions running at the same time (their
// 'apply-start' before the write, their outcome after it) are committed together, one transaction
// and one fsync for all of them, instead of one each. Every change keeps the store's rules: it is
// conditional on the action's current state and lease owner (a lost lease is answered `false`,
// never applied), and each change commits with its journal entry. SAFETY: a caller's write to the
// directory starts only after its 'apply-start' committed (submit resolves after the commit).
import { errorCatalog } from '../core/errors/error-catalog.ts';
import type { Updateable } from 'kysely';
import { applyActionCountChanges, type ActionCountChange } from '../store/actions/action-counters.ts';
import { writeJournalEvents, type JournalEntry } from '../store/actions/journal-event.ts';
import type { TransitionInput } from '../store/actions/transition-action.ts';
import type { ActionsTable } from '../store/database.ts';
import type { Store } from '../store/open-store.ts';
import { inWriteTransaction } from '../store/write-transaction.ts';

interface Pending {
  input: TransitionInput;
  resolve: (moved: boolean) => void;
  reject: (error: unknown) => void;
}

export class JournalCommitter {
  readonly #store: Store;
  #queue: Pending[] = [];
  #running: Promise<void> | undefined;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Resolves true once the change is committed, false when the action is no longer ours. */
  submit(input: TransitionInput): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ input, resolve, reject });
      this.#running ??= new Promise<void>((r) => setImmediate(r)).then(() => this.#drain());
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, 200);
      try {
        const moved = await inWriteTransaction(this.#store, `journaling ${batch.length} action change(s)`, async (trx) => {
          const results: boolean[] = [];
          const entries: JournalEntry[] = [];
          const counted: ActionCountChange[] = [];
          for (const { input } of batch) {
            const row = await trx
              .updateTable('actions')
              .set((eb) => ({ ...changesFor(input), journalSeq: eb('journalSeq', '+', 1) }))
              .where('id', '=', input.id)
              .where('state', '=', input.from)
              .$if(input.from === 'claimed', (q) => q.where('leaseOwner', '=', input.owner!))
              .returning(['id', 'campaignId', 'waveId', 'journalSeq', 'failureRetryable'])
              .executeTakeFirst();
            results.push(row !== undefined);
            if (!row) continue;
            const details = { ...input.details, ...(input.error ? { errorCode: input.error.code, retryable: Number(row.failureRetryable) === 1 } : {}) };
            counted.push({ campaignId: row.campaignId, waveId: row.waveId === null ? null : Number(row.waveId), from: input.from, to: input.to });
            entries.push({ actionId: Number(row.id), campaignId: row.campaignId, seq: Number(row.journalSeq), at: input.now.toISOString(), fromState: input.from, toState: input.to, event: input.event, owner: input.owner ?? null, details });
          }
          await writeJournalEvents(trx, entries);
          await applyActionCountChanges(trx, counted);
          return results;
        });
        batch.forEach((p, i) => p.resolve(moved[i]!));
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    this.#running = undefined;
  }
}

/** The same column changes as the store's transitionAction (src/store/actions/transition-action.ts). */
function changesFor(input: TransitionInput): Updateable<ActionsTable> {
  const at = input.now.toISOString();
  const changes: Updateable<ActionsTable> = { state: input.to, updatedAt: at };
  if (input.to !== 'claimed') Object.assign(changes, { leaseOwner: null, leaseExpiresAt: null, applyStartedAt: null });
  if (input.to === 'claimed' && input.event === 'apply-start') changes.applyStartedAt = at;
  if (input.to === 'failed') {
    const code = input.error?.code;
    const retryable = input.error?.retryable ?? (code !== undefined && code in errorCatalog ? errorCatalog[code as keyof typeof errorCatalog].retryable : false);
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
