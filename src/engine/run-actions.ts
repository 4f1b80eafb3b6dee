// The claim loop of one worker: claims due actions per directory in batches, executes them
// (execute-action.ts), renews the leases of those in flight, and stops when nothing is left (or,
// for a long-running worker, keeps polling).
// Throughput: a directory takes `concurrency` writes at once (its write slots), but `pipeline`
// times as many actions are in flight, so their journal changes share commits (one fsync for
// many 'apply-start's, one for many outcomes: journal-committer.ts) while the slots stay busy, and
// claims are made half a pipeline at a time, one transaction each, not one per action.
// A directory with a batch path (Entra's $batch) gets one write stream for the run instead of
// write slots: the actions in flight feed it, and it sends their writes many to a request.
// Shutdown: the first abort of `signal` is graceful (claim nothing more, let in-flight writes
// finish, give back unstarted actions); `force` stops waiting at once and gives back the leases,
// leaving any write in flight 'in doubt' for the ground-truth check of the next claim.
import { setMaxListeners } from 'node:events';
import { isReclaimError } from '../core/errors/reclaim-error.ts';
import type { Directory } from '../directories/directory-port.ts';
import { claimActions, type ClaimedAction } from '../store/actions/claim-actions.ts';
import { releaseLeases } from '../store/actions/release-leases.ts';
import { renewLease } from '../store/actions/renew-lease.ts';
import { workRemains } from '../store/actions/work-remains.ts';
import type { BatchWrites } from './batch-writes.ts';
import { executeAction, openBatchWrites, type ExecutorDeps } from './execute-action.ts';
import { JournalCommitter } from './journal-committer.ts';
import { KillSwitchGate } from './kill-switch-gate.ts';
import { RateLimiter, type RateLimit } from './rate-limiter.ts';
import { WriteSlots } from './write-slots.ts';

export interface DirectoryLimits extends RateLimit {
  concurrency: number;
}

export interface RunActionsOptions {
  campaignId: string;
  /** only these waves (all when absent) */
  waveIds?: readonly number[];
  limits: Record<string, DirectoryLimits>;
  leaseMs: number;
  /** how long to wait when nothing is due but work remains (retries, other workers' leases) */
  pollMs: number;
  /** return when no action is left to do (a CLI run); a `reclaim worker` keeps polling */
  untilDone: boolean;
  signal?: AbortSignal;
  force?: AbortSignal;
  /** actions in flight per write slot (default 16): claimed ahead, journaled, waiting for a slot */
  pipeline?: number;
}

export interface RunSummary {
  applied: number;
  failed: number;
  skipped: number;
  retries: number;
  lost: number;
  stoppedBy: 'done' | 'kill-switch' | 'signal' | 'forced' | 'refused';
  refusal?: { code: string; message: string };
}

export type RunDeps = Omit<ExecutorDeps, 'gate' | 'limiterFor' | 'committer'> & {
  directories: ReadonlyMap<string, Directory>;
};

export async function runActions(deps: RunDeps, options: RunActionsOptions): Promise<RunSummary> {
  const { store, clock, owner } = deps;
  const summary: RunSummary = { applied: 0, failed: 0, skipped: 0, retries: 0, lost: 0, stoppedBy: 'done' };
  const gate = new KillSwitchGate(store, options.campaignId, clock);
  const limiters = new Map<string, RateLimiter>();
  const limitsOf = (directory: string): DirectoryLimits =>
    options.limits[directory] ?? { concurrency: 4, ratePerSecond: Infinity, burst: 1 };
  const limiterFor = (directory: string) => {
    let limiter = limiters.get(directory);
    if (!limiter) limiters.set(directory, (limiter = new RateLimiter(limitsOf(directory), clock)));
    return limiter;
  };
  // Aborted on graceful stop (stops rate-limit waits) and on force.
  const stopping = new AbortController();
  // every in-flight wait (rate limit, poll) listens to it: one per action in flight, by design
  setMaxListeners(0, stopping.signal);
  const stop = (why: RunSummary['stoppedBy'], refusal?: RunSummary['refusal']) => {
    if (summary.stoppedBy === 'done') summary.stoppedBy = why;
    if (refusal) summary.refusal = refusal;
    stopping.abort();
  };
  const onSignal = () => stop('signal');
  const onForce = () => stop('forced');
  options.signal?.addEventListener('abort', onSignal, { once: true });
  options.force?.addEventListener('abort', onForce, { once: true });
  if (options.signal?.aborted) stop('signal');

  const slots = new Map<string, WriteSlots>();
  const slotsFor = (directory: string) => {
    let s = slots.get(directory);
    if (!s) slots.set(directory, (s = new WriteSlots(limitsOf(directory).concurrency)));
    return s;
  };
  const pipeline = Math.max(1, Math.trunc(options.pipeline ?? 16));
  const inFlightLimit = (directory: string) => limitsOf(directory).concurrency * pipeline;
  const batches = new Map<string, BatchWrites | undefined>();
  const batchFor = (id: string) => {
    if (!batches.has(id)) {
      const directory = deps.directories.get(id);
      batches.set(id, directory ? openBatchWrites(directory, { gate, signal: stopping.signal }) : undefined);
    }
    return batches.get(id);
  };
  const executor: ExecutorDeps = {
    ...deps,
    gate,
    limiterFor,
    slotsFor,
    batchFor,
    committer: new JournalCommitter(store),
  };
  const inFlight = new Map<number, Promise<void>>();
  const perDirectory = new Map<string, number>();
  const directories = [...deps.directories.keys()];

  const start = (action: ClaimedAction) => {
    perDirectory.set(action.directory, (perDirectory.get(action.directory) ?? 0) + 1);
    const run = executeAction(executor, action, stopping.signal)
      .then((result) => {
        if (result.kind === 'done') summary[result.state] += 1;
        else if (result.kind === 'retry') summary.retries += 1;
        else if (result.kind === 'lost') summary.lost += 1;
        else
          stop(result.reason, result.reason === 'refused' ? { code: result.code, message: result.message } : undefined);
      })
      .catch((error: unknown) => {
        // A store failure mid-action: the action keeps its lease, which expires; the next claim
        // recovers it with a ground-truth read. Stop this run rather than write blind.
        stop('refused', {
          code: isReclaimError(error) ? error.code : 'UNEXPECTED',
          message: error instanceof Error ? error.message : String(error),
        });
      })
      .finally(() => {
        inFlight.delete(action.id);
        perDirectory.set(action.directory, (perDirectory.get(action.directory) ?? 1) - 1);
      });
    inFlight.set(action.id, run);
  };

  let lastRenew = clock.now().getTime();
  const waves: Array<number | undefined> =
    options.waveIds && options.waveIds.length > 0 ? [...options.waveIds] : [undefined];
  try {
    while (!stopping.signal.aborted) {
      let claimed = 0;
      for (const directory of directories) {
        for (const waveId of waves) {
          const busy = perDirectory.get(directory) ?? 0;
          const free = inFlightLimit(directory) - busy;
          // claim in batches: wait until half the pipeline is free (or it ran dry)
          if (free <= 0 || (busy > 0 && free < Math.ceil(inFlightLimit(directory) / 2)) || stopping.signal.aborted)
            continue;
          let batch: ClaimedAction[];
          try {
            batch = await claimActions(store, {
              campaignId: options.campaignId,
              owner,
              limit: free,
              leaseMs: options.leaseMs,
              now: clock.now(),
              directory,
              ...(waveId !== undefined ? { waveId } : {}),
            });
          } catch (error) {
            if (isReclaimError(error) && error.code === 'KILL_SWITCH_ENGAGED') {
              stop('kill-switch');
              deps.onEvent({ type: 'stopped', reason: 'kill-switch', code: error.code, message: error.message });
              break;
            }
            throw error;
          }
          claimed += batch.length;
          for (const action of batch) start(action);
        }
      }
      const now = clock.now().getTime();
      if (now - lastRenew >= options.leaseMs / 3 && inFlight.size > 0) {
        lastRenew = now;
        await renewLease(store, { ids: [...inFlight.keys()], owner, leaseMs: options.leaseMs, now: clock.now() });
      }
      if (claimed > 0) continue;
      if (inFlight.size > 0) {
        await Promise.race([
          ...inFlight.values(),
          clock.sleep(Math.min(options.pollMs, options.leaseMs / 3), stopping.signal),
        ]);
        continue;
      }
      if (options.untilDone && !(await workRemains(store, options.campaignId, options.waveIds))) break;
      deps.onEvent({ type: 'idle' });
      await clock.sleep(options.pollMs, stopping.signal);
    }
    if (summary.stoppedBy !== 'forced') {
      // Graceful: in-flight writes finish and are journaled; waits on the rate limiter end at once.
      await Promise.race([Promise.allSettled([...inFlight.values()]), abortedPromise(options.force)]);
    }
  } finally {
    options.signal?.removeEventListener('abort', onSignal);
    options.force?.removeEventListener('abort', onForce);
    // The write streams send nothing more and end once the requests in flight are answered
    // (forced: not waited for). Their writes still waiting come back not sent.
    stopping.abort();
    const closing = Promise.all([...batches.values()].map((b) => b?.close()));
    await Promise.race([closing, abortedPromise(options.force)]);
    await releaseLeases(store, { owner, now: clock.now() }).catch(() => undefined);
  }
  if (summary.stoppedBy === 'signal' || summary.stoppedBy === 'forced')
    deps.onEvent({ type: 'stopped', reason: summary.stoppedBy });
  if (summary.stoppedBy === 'refused' && summary.refusal)
    deps.onEvent({ type: 'stopped', reason: 'refused', ...summary.refusal });
  return summary;
}

function abortedPromise(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!signal) return;
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
