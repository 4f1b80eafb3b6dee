// One action through the engine, now: the way a single write requested by a person (a helpdesk
// credential, a re-enable) reaches a directory. It is claimed with a lease like any other action
// and executed by executeAction, so it passes the same guardrails (approvals, protection, campaign
// state), the kill switch, the journal before and after the write, and crash recovery.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { claimActions } from '../store/actions/claim-actions.ts';
import type { ActionState } from '../store/database.ts';
import { actionOutcome } from '../store/actions/action-outcome.ts';
import { executeAction, type ExecuteResult } from './execute-action.ts';
import { KillSwitchGate } from './kill-switch-gate.ts';
import { RateLimiter } from './rate-limiter.ts';
import type { RunDeps } from './run-actions.ts';

export interface OneActionOutcome {
  result: ExecuteResult | { kind: 'not-claimed' };
  state: ActionState;
  error: { code: string; message: string } | null;
}

export async function runOneAction(
  deps: Omit<RunDeps, 'owner'>,
  input: { campaignId: string; actionId: number; leaseMs: number },
): Promise<OneActionOutcome> {
  const { store, clock } = deps;
  const owner = `door:${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  // Throws KILL_SWITCH_ENGAGED while the switch is engaged: nothing is claimed.
  const [action] = await claimActions(store, {
    campaignId: input.campaignId,
    owner,
    limit: 1,
    leaseMs: input.leaseMs,
    now: clock.now(),
    actionId: input.actionId,
  });
  const result: OneActionOutcome['result'] = action
    ? await executeAction(
        {
          ...deps,
          owner,
          gate: new KillSwitchGate(store, input.campaignId, clock, 0),
          limiterFor: () => new RateLimiter({ ratePerSecond: Infinity, burst: 1 }, clock),
        },
        action,
        new AbortController().signal,
      )
    : { kind: 'not-claimed' };
  const row = await actionOutcome(store, input.actionId);
  return {
    result,
    state: row.state,
    error: row.lastErrorCode ? { code: row.lastErrorCode, message: row.lastErrorMessage ?? row.lastErrorCode } : null,
  };
}
