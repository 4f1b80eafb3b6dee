// The in-memory directory with a batch path, as Entra's $batch: applyMany takes a long-lived stream
// of actions and sends them `batchSize` to a request, asking mayWrite right before each request,
// stopping on the signal (what waits comes back notSent), re-sending throttled items and reporting
// anything else as it came. Each item is applied through MemoryDirectory.apply, so the state,
// write log and faults are the same as for single writes. `cut` simulates the process dying in the
// middle of a request: the first `appliedBeforeCut` items land, then the request never answers.
import type { ActionKind, ActionSpec } from '../../../src/core/action.ts';
import { isReclaimError, ReclaimError } from '../../../src/core/errors/reclaim-error.ts';
import type { ApplyContext, BatchOutcome, BatchWriteOptions } from '../../../src/directories/directory-port.ts';
import { MemoryDirectory } from './a-memory-directory.ts';

class Wakeup {
  #waiters: Array<() => void> = [];
  wait(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
  notify(): void {
    for (const w of this.#waiters.splice(0)) w();
  }
}

export class BatchingMemoryDirectory extends MemoryDirectory {
  readonly batchKinds: readonly ActionKind[] = [
    'requireChange',
    'resetPassword',
    'disable',
    'enable',
    'revokeSessions',
  ];
  batchSize = 20;
  /** the size of every request sent */
  readonly requests: number[] = [];
  /** a request that is cut off: the first items of it land, the rest never, and it never answers */
  cut: { atRequest: number; appliedBeforeCut: number } | undefined;
  /** how long one request takes */
  requestMs = 2;

  async *applyMany(
    actions: AsyncIterable<ActionSpec>,
    contextFor: (action: ActionSpec) => ApplyContext,
    options: BatchWriteOptions = {},
  ): AsyncGenerator<BatchOutcome> {
    const queue: Array<{ action: ActionSpec; attempts: number }> = [];
    const out: BatchOutcome[] = [];
    let inputDone = false;
    let stopped = false;
    const wakeup = new Wakeup();
    const nudge = () => wakeup.notify();
    options.signal?.addEventListener(
      'abort',
      () => {
        stopped = true;
        nudge();
      },
      { once: true },
    );
    const feeding = (async () => {
      for await (const action of actions) {
        if (stopped) return;
        queue.push({ action, attempts: 0 });
        nudge();
      }
    })().finally(() => {
      inputDone = true;
      nudge();
    });
    const sending = (async () => {
      while (!stopped) {
        if (queue.length === 0) {
          if (inputDone) return;
          await wakeup.wait();
          continue;
        }
        await new Promise((r) => setTimeout(r, 1)); // let a batch fill
        if (options.mayWrite && !(await options.mayWrite())) stopped = true;
        if (stopped) return;
        const batch = queue.splice(0, this.batchSize);
        const index = this.requests.push(batch.length);
        await new Promise((r) => setTimeout(r, this.requestMs));
        if (this.cut && this.cut.atRequest === index) {
          for (const item of batch.slice(0, this.cut.appliedBeforeCut))
            await this.apply(item.action, contextFor(item.action)).catch(() => undefined);
          stopped = true;
          await new Promise(() => undefined); // the process is gone: this request never answers
        }
        for (const item of batch) {
          item.attempts += 1;
          try {
            out.push({
              action: item.action,
              ok: true,
              applied: await this.apply(item.action, contextFor(item.action)),
              attempts: item.attempts,
            });
          } catch (error) {
            const e = isReclaimError(error) ? error : new ReclaimError('UNEXPECTED', String(error));
            if (e.code === 'DIRECTORY_THROTTLED') queue.push(item);
            else out.push({ action: item.action, ok: false, error: e, attempts: item.attempts });
          }
        }
        nudge();
      }
    })();
    // stopped, the feeder may wait on an input that never ends: not waited for
    const all = sending
      .then(() => (stopped ? undefined : feeding))
      .then(() => {
        for (const item of queue.splice(0)) {
          out.push({
            action: item.action,
            ok: false,
            error: new ReclaimError('KILL_SWITCH_ENGAGED', 'not sent'),
            attempts: item.attempts,
            notSent: true,
          });
        }
      });
    let finished = false;
    void all.finally(() => {
      finished = true;
      nudge();
    });
    while (!finished || out.length > 0) {
      if (out.length > 0) {
        yield* out.splice(0);
        continue;
      }
      await wakeup.wait();
    }
  }
}
