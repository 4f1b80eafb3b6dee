// The throughput path: actions sent in $batch envelopes of 20 over every configured app
// registration, paced below the per-app and tenant write quotas, throttled items re-queued after
// the longest Retry-After of their batch (graph.md A8, C2). Per-identity outcomes are data, never
// throws. A write whose outcome is unknown (a 5xx, a dropped connection, an unreadable answer) is
// reported, never re-sent here: the engine reads the ground truth before writing again.
import type { ActionSpec, Applied } from '../../core/action.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { ApplyContext, BatchOutcome } from '../directory-port.ts';
import { actionRequest, batchableKinds, type GraphWrite } from './action-request.ts';
import { wantsConfirmation } from './confirm-force-change.ts';
import { batchRequestText, maxBatchSize, readBatchResponse, type BatchItemResponse } from './batch-envelope.ts';
import type { GraphApi } from './graph-api.ts';
import { readThrottleSignal } from './throttle-telemetry.ts';
import { graphFailureError, readGraphFailure, translateThrown } from './translate-graph-error.ts';
import { WorkSignal } from './work-signal.ts';
import type { WritePacer } from './write-pacer.ts';

export type ApplyOutcome = BatchOutcome;

/** One app registration: its own Graph client and its own per-app write pacer. */
export interface AppLane {
  appId: string;
  graph: GraphApi;
  pacer: WritePacer;
}

export interface ApplyManyOptions {
  lanes: readonly AppLane[];
  /** the tenant-wide write quota, shared by every app registration */
  tenantPacer: WritePacer;
  /** batches in flight per app registration */
  batchesInFlight: number;
  /** attempts per action before a request that never left is reported as such (throttling: ten times more) */
  maxAttempts?: number;
  /** applies an action that cannot be batched (TAP, deleting methods), one at a time */
  applyOne: (action: ActionSpec, context: ApplyContext) => Promise<Applied>;
  nowIso: () => string;
  nowMs: () => number;
  /** the kill switch: no batch is sent after it fires; batches in flight finish */
  signal?: AbortSignal;
  /** asked right before each batch leaves; false stops the run as the signal does */
  mayWrite?: () => Promise<boolean>;
}

interface WorkItem {
  action: ActionSpec;
  request: GraphWrite;
  attempts: number;
  notBefore: number;
  /** why the last attempt did not apply it (kept when a stop leaves it unsent) */
  lastError?: ReclaimError;
}

export async function* applyMany(
  actions: Iterable<ActionSpec> | AsyncIterable<ActionSpec>,
  contextFor: (action: ActionSpec) => ApplyContext,
  options: ApplyManyOptions,
): AsyncGenerator<ApplyOutcome> {
  const maxAttempts = options.maxAttempts ?? 5;
  const ready: WorkItem[] = [];
  const waiting: WorkItem[] = []; // re-queued, not before `notBefore`
  const outcomes: ApplyOutcome[] = [];
  let inFlight = 0;
  let singles = 0;
  let inputDone = false;
  let failure: unknown;
  let stopped = false;
  const singlesRunning = new Set<Promise<void>>();
  const work = new WorkSignal(); // new work or finished work
  const output = new WorkSignal(); // new outcomes
  const highWater = options.lanes.length * options.batchesInFlight * maxBatchSize * 2;

  const stop = () => {
    stopped = true;
    work.notify();
  };
  const emit = (outcome: ApplyOutcome) => {
    outcomes.push(outcome);
    output.notify();
  };
  const fail = (item: WorkItem, error: ReclaimError) =>
    emit({ action: item.action, ok: false, error, attempts: item.attempts });
  const requeue = (item: WorkItem, error: ReclaimError, notBefore: number) => {
    // SAFETY: only what Graph refused before doing anything is re-sent here: a throttled item
    // (many turns: it is only delayed) or a request that never left. A re-sent item carries the
    // very request built the first time (same password). Anything else, an unknown outcome above
    // all, goes back to the caller, which reads the ground truth before writing again.
    if (error.code !== 'DIRECTORY_THROTTLED' && error.code !== 'DIRECTORY_UNAVAILABLE') return fail(item, error);
    const limit = error.code === 'DIRECTORY_THROTTLED' ? maxAttempts * 10 : maxAttempts;
    if (item.attempts >= limit) return fail(item, error);
    waiting.push({ ...item, notBefore, lastError: error });
  };

  const feed = async () => {
    for await (const action of actions) {
      while (ready.length >= highWater && !stopped) await work.wait();
      if (stopped) break; // actions not taken from the input are not reported: never started
      // A force change to confirm (hybrid: read back, Graph may ignore it on a synced user) goes alone too.
      if (!batchableKinds.includes(action.kind) || wantsConfirmation(action)) {
        // One at a time per lane slot, like a batch: a run of TAPs must not open thousands of calls.
        while (singles >= options.lanes.length * options.batchesInFlight && !stopped) await work.wait();
        if (stopped) break;
        singles += 1;
        inFlight += 1;
        const attempts = 1;
        const single = options
          .applyOne(action, contextFor(action))
          .then((applied) => emit({ action, ok: true, applied, attempts }))
          .catch((error) =>
            emit({
              action,
              ok: false,
              error: translateThrown(error, `${action.kind} of ${action.identity.name}`, true),
              attempts,
            }),
          )
          .finally(() => {
            singles -= 1;
            inFlight -= 1;
            singlesRunning.delete(single);
            work.notify();
          });
        singlesRunning.add(single);
        continue;
      }
      try {
        ready.push({ action, request: actionRequest(action, contextFor(action).password), attempts: 0, notBefore: 0 });
      } catch (error) {
        emit({
          action,
          ok: false,
          error: translateThrown(error, `${action.kind} of ${action.identity.name}`, true),
          attempts: 0,
        });
      }
      // Wake the lanes on the first item and per full batch, not per item: woken for every item
      // they would send small batches (a lane woken early waits a moment for a full one).
      if (ready.length === 1 || ready.length % maxBatchSize === 0) work.notify();
    }
  };

  /** Re-queued items whose Retry-After has passed go first. */
  const promoteDue = () => {
    const now = options.nowMs();
    for (let i = waiting.length - 1; i >= 0; i -= 1) {
      if ((waiting[i] as WorkItem).notBefore <= now) ready.unshift(...waiting.splice(i, 1));
    }
  };

  const sendBatch = async (lane: AppLane, batch: WorkItem[]) => {
    // SAFETY: the kill switch is asked right before the batch leaves (pacing may have held its lane
    // for seconds); stopped, the batch is not sent.
    if (!stopped && options.mayWrite && !(await options.mayWrite())) stop();
    if (stopped) {
      ready.unshift(...batch);
      return;
    }
    for (const item of batch) item.attempts += 1;
    let answer;
    try {
      answer = await lane.graph.call('POST', '/$batch', {
        body: batchRequestText(batch.map((item, i) => ({ id: String(i + 1), request: item.request }))),
      });
    } catch (error) {
      const translated = translateThrown(error, 'sending a $batch', true);
      for (const item of batch) {
        if (translated.retryable) requeue(item, translated, options.nowMs() + 1000);
        else fail(item, translated);
      }
      return;
    }
    const now = options.nowMs();
    // (the outer answer's throttling headers already reached the pacer through ThrottleTelemetry)
    const outer = readThrottleSignal(answer.status, (name) => answer.headers.get(name), now);
    if (answer.status !== 200) {
      const error = graphFailureError(readGraphFailure(answer.status, answer.body), 'sending a $batch', true);
      for (const item of batch) {
        if (error.retryable) requeue(item, error, now + (outer.retryAfterSeconds ?? 1) * 1000);
        else fail(item, error);
      }
      return;
    }
    let items: BatchItemResponse[];
    try {
      items = readBatchResponse(answer.body);
    } catch (error) {
      // An answer we cannot read says nothing about what was applied: unknown, for the read-back.
      const unknown = new ReclaimError(
        'OUTCOME_UNKNOWN',
        `the $batch answer could not be read: ${(error as Error).message}`,
      );
      for (const item of batch) requeue(item, unknown, now + 1000);
      return;
    }
    const byId = new Map(items.map((r) => [r.id, r]));
    const throttled: Array<{ item: WorkItem; error: ReclaimError }> = [];
    let longestRetryAfter = 0;
    for (const [i, item] of batch.entries()) {
      const response: BatchItemResponse | undefined = byId.get(String(i + 1));
      const what = `${item.action.kind} of ${item.action.identity.name}`;
      if (!response) {
        requeue(item, new ReclaimError('OUTCOME_UNKNOWN', `${what}: missing from the $batch answer`), now);
        continue;
      }
      const signal = readThrottleSignal(response.status, (name) => response.headers[name], now);
      lane.pacer.feedback(signal);
      if (signal.scope?.startsWith('Tenant/')) options.tenantPacer.feedback(signal);
      if (response.status >= 200 && response.status < 300) {
        emit({
          action: item.action,
          ok: true,
          applied: { at: options.nowIso(), facts: { app: lane.appId, attempts: item.attempts } },
          attempts: item.attempts,
        });
        continue;
      }
      const error = graphFailureError(readGraphFailure(response.status, response.body), what, true);
      if (response.status === 429) {
        throttled.push({ item, error });
        longestRetryAfter = Math.max(longestRetryAfter, signal.retryAfterSeconds ?? 1);
      } else if (error.retryable) {
        requeue(item, error, now + 1000);
      } else {
        fail(item, error);
      }
    }
    // Graph does not retry throttled batch items: they go back in the queue together, after the
    // longest Retry-After any of them was given (graph.md A8).
    for (const { item, error } of throttled) requeue(item, error, now + longestRetryAfter * 1000);
  };

  const lane = async (app: AppLane) => {
    for (;;) {
      if (failure || stopped) return;
      promoteDue();
      if (ready.length === 0) {
        if (inputDone && waiting.length === 0 && inFlight === 0) return;
        const next = waiting.reduce((min, item) => Math.min(min, item.notBefore), Infinity);
        await work.wait(Number.isFinite(next) ? next - options.nowMs() : 50);
        continue;
      }
      // A partial batch while the input is still flowing: give the feeder a moment to fill it.
      for (let waited = 0; ready.length > 0 && ready.length < maxBatchSize && !inputDone && waited < 10; waited += 2)
        await work.wait(2);
      inFlight += 1;
      try {
        // The quota first, then the items: a lane waiting for its app's quota holds none, so the
        // lanes of the other app registrations send them meanwhile. Quota not used is given back.
        await app.pacer.take(maxBatchSize);
        await options.tenantPacer.take(maxBatchSize);
        promoteDue();
        const batch = ready.splice(0, maxBatchSize);
        app.pacer.giveBack(maxBatchSize - batch.length);
        options.tenantPacer.giveBack(maxBatchSize - batch.length);
        if (batch.length > 0) {
          work.notify(); // room freed for the feeder
          await sendBatch(app, batch);
        }
      } finally {
        inFlight -= 1;
        work.notify();
      }
    }
  };

  const feeding = feed().then(
    () => {
      inputDone = true;
      work.notify();
    },
    (error) => {
      failure = error;
      inputDone = true;
      work.notify();
    },
  );
  options.signal?.addEventListener('abort', stop, { once: true });
  if (options.signal?.aborted) stop();
  const lanes = options.lanes.flatMap((app) => Array.from({ length: options.batchesInFlight }, () => lane(app)));
  let running = true;
  // Lanes end when the input is done and drained, or on a stop; stopped, the feeder may be waiting
  // on an input that never ends (the engine's run-long stream): it takes nothing more, unwaited.
  const all = Promise.all(lanes)
    .then(() => (stopped || failure ? undefined : feeding))
    .then(() => Promise.all([...singlesRunning]))
    .then(() => {
      // Stopped: what was queued is reported, never silently dropped. What still waits was never
      // sent, or was refused before Graph did anything (throttled, not reached): not sent.
      for (const item of [...ready.splice(0), ...waiting.splice(0)]) {
        const why = item.lastError ? ` (last answer: ${item.lastError.code})` : '';
        const error = new ReclaimError(
          'KILL_SWITCH_ENGAGED',
          `${item.action.kind} of ${item.action.identity.name}: not sent, the run was stopped${why}`,
        );
        emit({ action: item.action, ok: false, error, attempts: item.attempts, notSent: true });
      }
    })
    .catch((error) => {
      failure ??= error;
    })
    .finally(() => {
      running = false;
      output.notify();
    });
  try {
    while (running || outcomes.length > 0) {
      if (outcomes.length > 0) {
        yield* outcomes.splice(0, outcomes.length);
        continue;
      }
      await output.wait();
    }
    await all;
    if (failure) throw failure;
  } finally {
    // A consumer that stops iterating stops the run: no batch is sent for nobody to hear of it.
    stop();
    options.signal?.removeEventListener('abort', stop);
  }
}
