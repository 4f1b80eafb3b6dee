// Executes one claimed action, journaled before and after:
//   guardrails -> ground truth (if an earlier attempt may have written) -> rate limit ->
//   kill switch -> journal 'apply-start' -> a write slot of the directory (kill switch again) ->
//   directory write -> journal the outcome.
// A directory with a batch path (Entra's $batch) takes the write into its run-long stream
// instead of a slot: sent with others, paced, the kill switch asked right before each request
// leaves; the action still has its own guardrails, journal entries and recovery.
// Every outcome is data (applied / failed with a code / skipped); only a lost lease or the kill
// switch stop the action without an outcome, and both leave it for the next claim.
import { isReclaimError, ReclaimError } from '../core/errors/reclaim-error.ts';
import type { Secret } from '../core/secret.ts';
import type { ActionKind, ActionSpec, Applied } from '../core/action.ts';
import type { ApplyContext, Directory } from '../directories/directory-port.ts';
import type { ClaimedAction } from '../store/actions/claim-actions.ts';
import { readJournal } from '../store/actions/read-journal.ts';
import { transitionAction, type TransitionInput } from '../store/actions/transition-action.ts';
import type { Store } from '../store/open-store.ts';
import { krbtgtPassword, type ActionPasswords } from './action-passwords.ts';
import type { ApplyGuard } from './apply-guard.ts';
import { BatchWrites } from './batch-writes.ts';
import { decideRecovery } from './decide-recovery.ts';
import type { EngineClock } from './engine-clock.ts';
import type { EngineEvent } from './engine-event.ts';
import type { JournalCommitter } from './journal-committer.ts';
import type { KillSwitchGate } from './kill-switch-gate.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { retryDelayMs, type RetryPolicy } from './retry-delay.ts';
import type { WriteSlots } from './write-slots.ts';

export interface ExecutorDeps {
  store: Store;
  clock: EngineClock;
  owner: string;
  directories: ReadonlyMap<string, Directory>;
  passwords: ActionPasswords;
  gate: KillSwitchGate;
  guard: ApplyGuard;
  retry: RetryPolicy;
  random: () => number;
  limiterFor: (directory: string) => RateLimiter;
  onEvent: (event: EngineEvent) => void;
  /** group commit of journal changes (run-actions.ts creates one); one transaction per change without it */
  committer?: JournalCommitter;
  /** the directory's write slots (run-actions.ts): more actions are in flight than writes at once */
  slotsFor?: (directory: string) => WriteSlots;
  /** receives a secret the directory generated (a TAP): shown once, never stored */
  onSecret?: (action: ClaimedAction, secret: Secret) => void;
  /** the directory's batched write stream for this run (run-actions.ts; openBatchWrites), if it has one */
  batchFor?: (directory: string) => BatchWrites | undefined;
}

/**
 * A directory's run-long stream of batched writes, or undefined when it has no batch path. SAFETY:
 * the kill switch is asked right before each request leaves; once it is engaged, or `signal`
 * aborts, nothing more is sent and every write still waiting comes back not sent.
 */
export function openBatchWrites(
  directory: Directory,
  options: { gate: KillSwitchGate; signal: AbortSignal },
): BatchWrites | undefined {
  const applyMany = directory.applyMany;
  if (!applyMany || !directory.batchKinds || directory.batchKinds.length === 0) return undefined;
  return new BatchWrites(
    (actions, contextFor, streamOptions) => applyMany.call(directory, actions, contextFor, streamOptions),
    {
      signal: options.signal,
      mayWrite: async () => !(await options.gate.engaged()),
    },
  );
}

export type ExecuteResult =
  | { kind: 'done'; state: 'applied' | 'failed' | 'skipped' }
  | { kind: 'retry' }
  /** the kill switch or a guardrail stopped the run; the action went back to planned */
  | { kind: 'stop'; reason: 'kill-switch' | 'refused'; code: string; message: string }
  /** the lease was lost (another worker took the action over): nothing was written */
  | { kind: 'lost' };

const killSwitchStop: ExecuteResult = {
  kind: 'stop',
  reason: 'kill-switch',
  code: 'KILL_SWITCH_ENGAGED',
  message: 'the kill switch is engaged',
};
const interruptedStop: ExecuteResult = {
  kind: 'stop',
  reason: 'kill-switch',
  code: 'INTERRUPTED',
  message: 'stopped before the write',
};

export async function executeAction(
  deps: ExecutorDeps,
  action: ClaimedAction,
  signal: AbortSignal,
): Promise<ExecuteResult> {
  const { store, clock, owner } = deps;
  const event = (
    e: Omit<Extract<EngineEvent, { type: 'action' }>, 'type' | 'id' | 'directory' | 'identity' | 'kind'>,
  ) =>
    deps.onEvent({
      type: 'action',
      id: action.id,
      directory: action.directory,
      identity: action.identityName,
      kind: action.kind,
      ...e,
    });
  const move = async (
    input: Omit<TransitionInput, 'id' | 'owner' | 'from' | 'now'> & { from?: TransitionInput['from'] },
  ): Promise<boolean> => {
    const change: TransitionInput = { id: action.id, owner, from: 'claimed', now: clock.now(), ...input };
    if (deps.committer) return deps.committer.submit(change);
    try {
      await transitionAction(store, change);
      return true;
    } catch (error) {
      if (isReclaimError(error) && error.code === 'STORE_CONFLICT') return false;
      throw error;
    }
  };
  const release = async (why: string, details: Record<string, unknown> = {}) =>
    move({ to: 'planned', event: why, details });

  const refusal = await deps.guard.refusal(action);
  if (refusal?.scope === 'run') {
    await release('refused', { code: refusal.code });
    return { kind: 'stop', reason: 'refused', code: refusal.code, message: refusal.message };
  }
  if (refusal) {
    if (
      !(await move({
        to: 'failed',
        event: 'refused',
        error: { code: refusal.code, message: refusal.message, retryable: false },
      }))
    )
      return { kind: 'lost' };
    event({ outcome: 'failed', code: refusal.code, message: refusal.message });
    return { kind: 'done', state: 'failed' };
  }

  const directory = deps.directories.get(action.directory);
  if (!directory) {
    const message = `no directory "${action.directory}" is configured`;
    if (
      !(await move({
        to: 'failed',
        event: 'apply-failed',
        error: { code: 'CONFIG_INVALID', message, retryable: false },
      }))
    )
      return { kind: 'lost' };
    event({ outcome: 'failed', code: 'CONFIG_INVALID', message });
    return { kind: 'done', state: 'failed' };
  }
  const spec: ActionSpec = {
    kind: action.kind as ActionKind,
    directory: action.directory,
    identity: { directory: action.directory, key: action.identityKey, name: action.identityName },
    params: action.params,
  };

  try {
    // SAFETY: an earlier attempt may have written (its worker died after 'apply-start', or the
    // directory did not answer): read the ground truth and decide before writing again.
    if (action.claimedFrom !== 'planned') {
      const recovered = await recover(deps, action, directory, spec);
      if (recovered) {
        if (!(await move(recovered))) return { kind: 'lost' };
        event({
          outcome: recovered.to === 'applied' ? 'applied' : 'failed',
          recovered: true,
          ...(recovered.error ? { code: recovered.error.code } : {}),
        });
        return { kind: 'done', state: recovered.to };
      }
      // SAFETY: a one-shot action (a person's request through the door: a helpdesk credential, a
      // re-enable) is written once, while that person waits; interrupted and not visibly applied,
      // it is recorded as abandoned and never written later by an engine nobody is watching.
      if (action.params.oneShot === true) {
        const message = `${action.identityName}: the request was interrupted and its write did not land; nothing was changed, ask again`;
        if (
          !(await move({
            to: 'failed',
            event: 'abandoned',
            error: { code: 'REQUEST_ABANDONED', message, retryable: false },
          }))
        )
          return { kind: 'lost' };
        event({ outcome: 'failed', code: 'REQUEST_ABANDONED', message });
        return { kind: 'done', state: 'failed' };
      }
    }

    // SAFETY: the key is resolved (and checked against the campaign's fingerprint) before the
    // first password write; a missing or different key stops the run with nothing written.
    if (action.kind === 'resetPassword') {
      try {
        await deps.passwords.ready();
      } catch (error) {
        const refusal = isReclaimError(error)
          ? error
          : new ReclaimError('CONFIG_INVALID', error instanceof Error ? error.message : String(error));
        await release('refused', { code: refusal.code });
        return { kind: 'stop', reason: 'refused', code: refusal.code, message: refusal.message };
      }
    }
    const password =
      action.kind === 'resetPassword'
        ? await deps.passwords.passwordFor(action.id, [action.identityName])
        : action.kind === 'resetKrbtgt'
          ? krbtgtPassword()
          : undefined;
    const before: Record<string, unknown> = {};
    // SAFETY: the facts recovery needs to tell "our write landed" from "not yet", read before the
    // write and journaled with 'apply-start': a krbtgt key version; whether a must-change reset's
    // target already had to change its password, and its key version (AD: it moves with every
    // password set, where pwdLastSet stays 0). Not where every reset dates the password, as in
    // Entra: the date tells. Nothing else is read before a write.
    if (action.kind === 'resetKrbtgt') {
      const state = await directory.readCredentialState(spec.identity);
      if (state.keyVersionNumber !== undefined) before.keyVersionNumberBefore = state.keyVersionNumber;
    } else if (
      action.kind === 'resetPassword' &&
      action.params.mustChange === true &&
      directory.resetMovesPasswordDate !== true
    ) {
      const state = await directory.readCredentialState(spec.identity);
      before.mustChangeBefore = state.mustChangePassword;
      if (state.keyVersionNumber !== undefined) before.keyVersionNumberBefore = state.keyVersionNumber;
    }
    if (!(await deps.limiterFor(action.directory).take(signal))) {
      return (await release('release')) ? interruptedStop : { kind: 'lost' };
    }
    // SAFETY: the last check before the write; the gate's cache is at most 250 ms old.
    if (await deps.gate.engaged()) {
      await release('kill-switch');
      return killSwitchStop;
    }
    const started = await move({
      to: 'claimed',
      event: 'apply-start',
      details: { attempt: action.attempts, ...before },
      ...(password && action.kind === 'resetPassword'
        ? { secretFingerprint: await deps.passwords.fingerprint(password) }
        : {}),
    });
    if (!started) return { kind: 'lost' };

    const context: ApplyContext = {
      ...(password ? { password } : {}),
      ...(deps.onSecret ? { onSecret: (secret: Secret) => deps.onSecret!(action, secret) } : {}),
    };
    const batch = directory.batchKinds?.includes(spec.kind) ? deps.batchFor?.(action.directory) : undefined;
    let applied: Applied;
    if (batch) {
      const result = await batch.write(spec, context);
      if (!result.ok && !result.sent) {
        // the stream stopped before this write left: nothing was written, back to planned
        if (await deps.gate.engaged()) {
          await release('kill-switch');
          return killSwitchStop;
        }
        return (await release('release')) ? interruptedStop : { kind: 'lost' };
      }
      if (!result.ok) throw result.error;
      applied = result.applied;
    } else {
      const written = await writeInSlot(deps, action, directory, spec, context, signal, release);
      if ('kind' in written) return written;
      applied = written.applied;
    }
    const details = {
      at: applied.at,
      ...(applied.facts ? { facts: applied.facts } : {}),
      ...(applied.before ? { before: applied.before } : {}),
    };
    if (!(await move({ to: 'applied', event: 'apply-ok', details }))) return { kind: 'lost' };
    event({ outcome: 'applied' });
    return { kind: 'done', state: 'applied' };
  } catch (error) {
    return recordFailure(deps, action, error, move, event);
  }
}

/** One write through a write slot of the directory, the kill switch asked again once the slot is had. */
async function writeInSlot(
  deps: ExecutorDeps,
  action: ClaimedAction,
  directory: Directory,
  spec: ActionSpec,
  context: ApplyContext,
  signal: AbortSignal,
  release: (why: string) => Promise<boolean>,
): Promise<{ applied: Applied } | ExecuteResult> {
  const slots = deps.slotsFor?.(action.directory);
  const releaseSlot = slots ? await slots.acquire(signal) : () => undefined;
  if (!releaseSlot) {
    // stopping while waiting for a slot: nothing was written, the action goes back to planned
    return (await release('release')) ? interruptedStop : { kind: 'lost' };
  }
  try {
    // SAFETY: waiting for a slot took time: the kill switch is checked again right before the write.
    if (slots && (await deps.gate.engaged())) {
      await release('kill-switch');
      return killSwitchStop;
    }
    // the write is answered, a check remains: its slot goes to the next write now
    return { applied: await directory.apply(spec, { ...context, onWritten: releaseSlot }) };
  } finally {
    releaseSlot();
  }
}

async function recover(
  deps: ExecutorDeps,
  action: ClaimedAction,
  directory: Directory,
  spec: ActionSpec,
): Promise<(Omit<TransitionInput, 'id' | 'owner' | 'from' | 'now'> & { to: 'applied' | 'failed' }) | null> {
  // A throttled or busy answer is a refusal before any change: nothing to establish.
  if (
    action.claimedFrom === 'failed' &&
    (action.lastErrorCode === 'DIRECTORY_THROTTLED' || action.lastErrorCode === 'DIRECTORY_BUSY')
  )
    return null;
  const journal = await readJournal(deps.store, action.id);
  const lastStart = [...journal].reverse().find((e) => e.event === 'apply-start');
  if (!lastStart) return null; // never reached the directory: apply normally
  const state = await directory.readCredentialState(spec.identity);
  const kvno = lastStart.details.keyVersionNumberBefore;
  const decision = decideRecovery({
    kind: spec.kind,
    params: spec.params ?? {},
    state,
    applyStartedAt: lastStart.at,
    ...(typeof kvno === 'number' ? { keyVersionNumberBefore: kvno } : {}),
    ...(typeof lastStart.details.mustChangeBefore === 'boolean'
      ? { mustChangeBefore: lastStart.details.mustChangeBefore }
      : {}),
  });
  const details = { recovery: decision.decision, reason: decision.reason, readFrom: state.readFrom ?? null };
  switch (decision.decision) {
    case 'applied':
      return { to: 'applied', event: 'recovered-applied', details };
    case 'reapply':
      return null;
    case 'gone':
      return {
        to: 'failed',
        event: 'recovered-failed',
        details,
        error: { code: 'IDENTITY_NOT_FOUND', message: `${action.identityName}: ${decision.reason}`, retryable: false },
      };
    case 'uncertain':
      return {
        to: 'failed',
        event: 'recovered-failed',
        details,
        error: { code: 'OUTCOME_UNKNOWN', message: `${action.identityName}: ${decision.reason}`, retryable: false },
      };
  }
}

async function recordFailure(
  deps: ExecutorDeps,
  action: ClaimedAction,
  error: unknown,
  move: (input: Omit<TransitionInput, 'id' | 'owner' | 'from' | 'now'>) => Promise<boolean>,
  event: (e: { outcome: 'failed' | 'retry'; code?: string; message?: string }) => void,
): Promise<ExecuteResult> {
  const failure = isReclaimError(error)
    ? error
    : new ReclaimError('UNEXPECTED', error instanceof Error ? error.message : String(error), { cause: error });
  // A failure of the store itself cannot be recorded in the store: let the run stop and the lease expire.
  if (failure.code === 'STORE_UNAVAILABLE' || failure.code === 'STORE_CONFLICT') throw failure;
  // Reclaim's own service account cannot sign in, or the DC's certificate is not trusted: no action
  // of this run can succeed; the action goes back to planned and the run stops with the reason,
  // instead of recording every identity as failed.
  if (failure.code === 'SERVICE_ACCOUNT_LOGON_FAILED' || failure.code === 'TLS_CERTIFICATE_INVALID') {
    return (await move({ to: 'planned', event: 'refused', details: { code: failure.code } }))
      ? { kind: 'stop', reason: 'refused', code: failure.code, message: failure.message }
      : { kind: 'lost' };
  }
  const retryable = failure.retryable && action.attempts < deps.retry.maxAttempts;
  const nextAttemptAt = retryable
    ? new Date(deps.clock.now().getTime() + retryDelayMs(action.attempts, deps.retry, deps.random))
    : undefined;
  const message =
    retryable || !failure.retryable
      ? failure.message
      : `${failure.message} (gave up after ${action.attempts} attempts)`;
  const moved = await move({
    to: 'failed',
    event: 'apply-failed',
    error: { code: failure.code, message, retryable },
    details: { attempt: action.attempts },
    ...(nextAttemptAt ? { nextAttemptAt } : {}),
  });
  if (!moved) return { kind: 'lost' };
  event({ outcome: retryable ? 'retry' : 'failed', code: failure.code, message });
  return retryable ? { kind: 'retry' } : { kind: 'done', state: 'failed' };
}
