// The one door to the directories for a write a person asks for outside a wave: a helpdesk
// credential, a re-enable after a verified change. SAFETY: such a write is an action like any
// other: inserted in the store, claimed with a lease and executed by the engine (execute-action.ts,
// the only code that calls a Directory's apply; test/architecture proves it), so it passes the
// campaign's guardrails (approvals, protection rules, campaign state), the kill switch, the journal
// before and after the write, and crash recovery. This module adds the audit entries that name the
// person before and after, and turns an outcome other than 'applied' into an error they can read.
import { randomUUID } from 'node:crypto';
import type { ActionKind } from '../../core/action.ts';
import { errorCatalog, type ErrorCode } from '../../core/errors/error-catalog.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { Secret } from '../../core/secret.ts';
import { defaultRetryPolicy } from '../../engine/retry-delay.ts';
import { runOneAction } from '../../engine/run-one-action.ts';
import { actionIdByKey } from '../../store/actions/actions-by-key.ts';
import { insertActions } from '../../store/actions/insert-actions.ts';
import { transitionAction } from '../../store/actions/transition-action.ts';
import { appendAudit } from '../../store/audit/append-audit.ts';
import { readKillSwitch } from '../../store/campaigns/kill-switch.ts';
import { storeCall } from '../../store/store-error.ts';
import type { App } from '../create-app.ts';
import { campaignGuard } from './campaign-guard.ts';
import { campaignPasswords } from './run-campaign.ts';

export interface DoorRequest {
  campaignId: string;
  kind: ActionKind;
  directory: string;
  identity: { key: string; name: string };
  params?: Record<string, unknown>;
  /** the person asking, as authenticated by the console or the CLI */
  actor: { username: string; ip?: string; source: 'console' | 'cli' };
  /** audit action prefix: `<audit>.start`, then `.done`, `.failed` or `.refused` */
  audit: string;
  details?: Record<string, unknown>;
  /** receives a secret the directory generated (a TAP), shown once, never stored */
  onSecret?: (secret: Secret) => void;
  /** receives the password the engine set (resetPassword), shown once, never stored */
  onPassword?: (secret: Secret) => void;
}

export async function writeThroughDoor(app: App, request: DoorRequest): Promise<{ actionId: number }> {
  const store = await app.store();
  const target = `${request.directory}:${request.identity.key}`;
  const audit = (suffix: string, details: Record<string, unknown> = {}) =>
    appendAudit(store, {
      actor: request.actor.username,
      action: `${request.audit}.${suffix}`,
      target,
      source: request.actor.source,
      now: app.clock.now(),
      ...(request.actor.ip ? { ip: request.actor.ip } : {}),
      details: {
        name: request.identity.name,
        kind: request.kind,
        campaignId: request.campaignId,
        ...request.details,
        ...details,
      },
    });
  const refuse = async (code: ErrorCode, message: string, actionId?: number): Promise<never> => {
    await audit('refused', { code, ...(actionId !== undefined ? { actionId } : {}) });
    throw new ReclaimError(code, message);
  };
  // Nothing is even recorded while the kill switch is engaged (the engine checks again before the write).
  if ((await readKillSwitch(store, request.campaignId)).engaged) {
    return refuse(
      'KILL_SWITCH_ENGAGED',
      `Campaign ${request.campaignId} is paused by the kill switch: no directory write, the helpdesk's included, until \`reclaim resume\``,
    );
  }
  const idempotencyKey = `${request.campaignId}/door/${request.directory}/${request.identity.key}/${request.kind}/${randomUUID()}`;
  const now = app.clock.now();
  await insertActions(
    store,
    [
      {
        campaignId: request.campaignId,
        waveId: null,
        directory: request.directory,
        identityKey: request.identity.key,
        identityName: request.identity.name,
        kind: request.kind,
        params: { ...request.params, oneShot: true, requestedBy: request.actor.username },
        idempotencyKey,
        notBefore: now,
      },
    ],
    now,
  );
  const actionId = await actionIdByKey(store, idempotencyKey);
  await audit('start', { actionId });

  const passwords = campaignPasswords(app, store, request.campaignId);
  const outcome = await runOneAction(
    {
      store,
      clock: app.clock,
      directories: app.directories(),
      passwords,
      guard: await campaignGuard(store, app.config, request.campaignId),
      retry: { ...defaultRetryPolicy, maxAttempts: app.config.engine.maxAttempts },
      random: Math.random,
      onEvent: () => undefined,
      ...(request.onSecret ? { onSecret: (_action, secret) => request.onSecret!(secret) } : {}),
    },
    { campaignId: request.campaignId, actionId, leaseMs: app.config.engine.leaseSeconds * 1000 },
  );

  if (outcome.state === 'applied') {
    // the engine set the campaign's derived password for this action; the person sees it once
    if (request.kind === 'resetPassword' && request.onPassword)
      request.onPassword(await passwords.passwordFor(actionId, [request.identity.name]));
    await audit('done', { actionId });
    return { actionId };
  }
  if (outcome.result.kind === 'stop' || outcome.state === 'planned') {
    // refused before any write (guardrail, kill switch): the request ends here, never written later
    await storeCall('cancelling a refused request', () =>
      transitionAction(store, {
        id: actionId,
        from: 'planned',
        to: 'skipped',
        event: 'cancelled',
        now: app.clock.now(),
        details: { code: outcome.result.kind === 'stop' ? outcome.result.code : 'NOT_CLAIMED' },
      }),
    ).catch(() => undefined);
    const code = outcome.result.kind === 'stop' ? outcome.result.code : 'STORE_CONFLICT';
    const message = outcome.result.kind === 'stop' ? outcome.result.message : 'the request could not be claimed';
    return refuse(asCode(code), message, actionId);
  }
  const code = asCode(outcome.error?.code ?? 'UNEXPECTED');
  await audit(code === 'IDENTITY_PROTECTED' ? 'refused' : 'failed', { actionId, code, state: outcome.state });
  const PENDING_NOTE =
    ' (the outcome is established from the directory by the next engine run; it is never written again without you)';
  const pending = outcome.state === 'failed' && errorCatalog[code].retryable;
  throw new ReclaimError(code, `${outcome.error?.message ?? code}${pending ? PENDING_NOTE : ''}`);
}

function asCode(code: string): ErrorCode {
  return (code in errorCatalog ? code : 'UNEXPECTED') as ErrorCode;
}
