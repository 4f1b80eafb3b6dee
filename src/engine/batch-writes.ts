// One directory's stream of batched writes for a run: the writes of many actions executing at once
// (each through executeAction, with its own guardrails and journal) are fed into one applyMany
// stream, which sends them many to a request, paced, and answers each with its own outcome.
// The stream is opened by execute-action.ts (the only caller of a directory's write methods) and
// lives as long as the run; close() ends it once every write it took was answered.
import type { ActionSpec, Applied } from '../core/action.ts';
import { ReclaimError } from '../core/errors/reclaim-error.ts';
import type { ApplyContext, BatchOutcome, BatchWriteOptions } from '../directories/directory-port.ts';

export type BatchWriteResult =
  | { ok: true; applied: Applied }
  /** sent: false when the write never left (the stream stopped first): nothing was written */
  | { ok: false; error: ReclaimError; sent: boolean };

export type OpenBatchStream = (
  actions: AsyncIterable<ActionSpec>,
  contextFor: (action: ActionSpec) => ApplyContext,
  options: BatchWriteOptions,
) => AsyncIterable<BatchOutcome>;

interface Pending {
  context: ApplyContext;
  settle: (result: BatchWriteResult) => void;
}

const notSent = (action: ActionSpec): BatchWriteResult => ({
  ok: false,
  sent: false,
  error: new ReclaimError(
    'KILL_SWITCH_ENGAGED',
    `${action.kind} of ${action.identity.name}: not sent, the run was stopped`,
  ),
});

export class BatchWrites {
  readonly #queue: ActionSpec[] = [];
  readonly #pending = new Map<ActionSpec, Pending>();
  #wake: (() => void) | undefined;
  #ended = false;
  readonly #done: Promise<void>;

  constructor(open: OpenBatchStream, options: BatchWriteOptions) {
    this.#done = this.#consume(open(this.#input(), (action) => this.#pending.get(action)?.context ?? {}, options));
  }

  /** Sends one action's write with the others; resolves with its own outcome, never throws. */
  write(action: ActionSpec, context: ApplyContext): Promise<BatchWriteResult> {
    if (this.#ended) return Promise.resolve(notSent(action));
    return new Promise((settle) => {
      this.#pending.set(action, { context, settle });
      this.#queue.push(action);
      this.#notify();
    });
  }

  /** Ends the stream: what was taken is answered first (or, stopped, comes back not sent). */
  async close(): Promise<void> {
    this.#ended = true;
    this.#notify();
    await this.#done;
  }

  async *#input(): AsyncGenerator<ActionSpec> {
    for (;;) {
      while (this.#queue.length > 0) yield this.#queue.shift() as ActionSpec;
      if (this.#ended) return;
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #settle(action: ActionSpec, result: BatchWriteResult): void {
    const pending = this.#pending.get(action);
    if (!pending) return;
    this.#pending.delete(action);
    pending.settle(result);
  }

  async #consume(outcomes: AsyncIterable<BatchOutcome>): Promise<void> {
    try {
      for await (const o of outcomes) {
        this.#settle(
          o.action,
          o.ok ? { ok: true, applied: o.applied } : { ok: false, error: o.error, sent: o.notSent !== true },
        );
      }
    } catch (error) {
      // SAFETY: the stream broke with writes in flight: each it took may have landed, so each is
      // an unknown outcome, settled later by a ground-truth read, never re-sent blind.
      const reason = error instanceof Error ? error.message : String(error);
      const untaken = new Set(this.#queue);
      for (const action of [...this.#pending.keys()].filter((a) => !untaken.has(a))) {
        this.#settle(action, {
          ok: false,
          sent: true,
          error: new ReclaimError(
            'OUTCOME_UNKNOWN',
            `${action.kind} of ${action.identity.name}: the batch stream failed (${reason})`,
            { cause: error },
          ),
        });
      }
    } finally {
      // The stream ended (stopped, or closed): nothing more is taken; what it never took was not sent.
      this.#ended = true;
      this.#queue.length = 0;
      this.#notify();
      for (const action of [...this.#pending.keys()]) this.#settle(action, notSent(action));
    }
  }
}
