// Group commit for the journal: the state changes of actions running at the same time (their
// 'apply-start' before the write, their outcome after it) are committed together, one transaction
// and one fsync for all of them, instead of one each. The store's transitionActions keeps every
// rule: each change is conditional on the action's current state and lease owner (a lost lease is
// answered `false`, never applied) and commits with its journal entry. SAFETY: a caller's write to
// the directory starts only after its 'apply-start' committed (submit resolves after the commit).
import { transitionActions } from '../store/actions/transition-actions.ts';
import type { TransitionInput } from '../store/actions/transition-action.ts';
import type { Store } from '../store/open-store.ts';

interface Pending {
  input: TransitionInput;
  resolve: (moved: boolean) => void;
  reject: (error: unknown) => void;
}

/** changes per transaction: bounds one commit's duration (and a PostgreSQL transaction's locks) */
const maxBatch = 500;

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
      const batch = this.#queue.splice(0, maxBatch);
      try {
        const moved = await transitionActions(
          this.#store,
          batch.map((p) => p.input),
        );
        batch.forEach((p, i) => {
          p.resolve(moved[i]!);
        });
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    this.#running = undefined;
  }
}
