// The operator lifecycle: `reclaim operator list|disable|enable|unlock|reset|end-sessions` and the
// console's /api/operators. SAFETY: accounts are what the two-person rule counts, so each change
// needs a proven admin or commander (requireActor 'operator.manage', never single sign-on); only an
// admin changes an admin account; nobody disables or resets their own account (another
// administrator does, so a stolen session cannot lock its owner out). So an admin account is
// disabled only by another enabled admin: the last enabled admin always stays.
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { Secret } from '../../core/secret.ts';
import { appendAudit } from '../../store/audit/append-audit.ts';
import { findOperatorByUsername } from '../../store/operators/create-operator.ts';
import { nameKeyOf, unlockLoginName } from '../../store/operators/login-failures.ts';
import {
  endOperatorSessions,
  listOperatorAccounts,
  replaceOperatorCredentials,
  setOperatorDisabled,
  type OperatorAccountRow,
} from '../../store/operators/operator-accounts.ts';
import type { App } from '../create-app.ts';
import { freshCredentials } from './operator-credentials.ts';
import { requireActor } from './operator-identity.ts';

export const operatorChanges = ['disable', 'enable', 'unlock', 'reset', 'end-sessions'] as const;
export type OperatorChange = (typeof operatorChanges)[number];

export interface OperatorChangeResult {
  username: string;
  change: OperatorChange;
  /** sessions ended (disable, reset, end-sessions) */
  endedSessions: number;
  /** addresses unlocked (unlock, reset) */
  unlocked: number;
  /** reset only: shown once, to hand over out of band */
  password?: Secret;
  enrolmentUri?: Secret;
}

export async function listOperators(app: App): Promise<OperatorAccountRow[]> {
  requireActor(app, 'operator.manage', 'list console accounts');
  return listOperatorAccounts(await app.store(), app.clock.now());
}

export async function changeOperator(
  app: App,
  input: { username: string; change: OperatorChange; reason?: string; source?: 'cli' | 'console'; ip?: string },
): Promise<OperatorChangeResult> {
  const actor = requireActor(app, 'operator.manage', `${input.change} console accounts`);
  const store = await app.store();
  const target = await findOperatorByUsername(store, input.username);
  if (!target)
    throw new ReclaimError(
      'NOT_FOUND',
      `No console account is named ${JSON.stringify(input.username).slice(1, -1).slice(0, 80)}`,
    );
  if (target.role === 'admin' && actor.role !== 'admin')
    throw new ReclaimError(
      'PERMISSION_DENIED',
      `${input.username} is an admin account: only an admin may ${input.change} it`,
    );
  if (target.id === actor.id && (input.change === 'disable' || input.change === 'reset')) {
    throw new ReclaimError(
      'PERMISSION_DENIED',
      `You cannot ${input.change} your own account: ask another administrator`,
    );
  }
  const now = app.clock.now();
  const result: OperatorChangeResult = {
    username: target.username,
    change: input.change,
    endedSessions: 0,
    unlocked: 0,
  };
  switch (input.change) {
    case 'disable':
      result.endedSessions = await setOperatorDisabled(store, {
        operatorId: target.id,
        disabledAt: target.disabledAt ?? now.toISOString(),
      });
      break;
    case 'enable':
      await setOperatorDisabled(store, { operatorId: target.id, disabledAt: null });
      break;
    case 'unlock':
      result.unlocked = await unlockLoginName(store, nameKeyOf(target.username));
      break;
    case 'end-sessions':
      result.endedSessions = await endOperatorSessions(store, target.id);
      break;
    case 'reset': {
      const fresh = await freshCredentials(app, target.username);
      result.endedSessions = await replaceOperatorCredentials(store, {
        operatorId: target.id,
        username: target.username,
        passwordHash: fresh.passwordHash,
        totpSecretEncrypted: fresh.totpSecretEncrypted,
      });
      result.password = fresh.password;
      result.enrolmentUri = fresh.enrolmentUri;
      break;
    }
  }
  await appendAudit(store, {
    actor: actor.username,
    action: `operator.${input.change}`,
    target: `operator:${target.username}`,
    source: input.source ?? 'cli',
    ...(input.ip ? { ip: input.ip } : {}),
    now,
    details: {
      role: target.role,
      endedSessions: result.endedSessions,
      unlocked: result.unlocked,
      ...(input.reason ? { reason: input.reason.slice(0, 500) } : {}),
    },
  });
  return result;
}
