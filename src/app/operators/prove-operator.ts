// Proves the operator behind one CLI command: the account's password and one-time code (the
// console's lockout and one-use codes apply), or a single-use token the console issued to a
// signed-in operator. Every attempt is audited under the account it proved, or as a refusal.
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { Secret } from '../../core/secret.ts';
import { CLI_ADDRESS, defaultAuthSettings, verifyOperatorCredentials } from '../auth/console-auth.ts';
import { appendAudit } from '../../store/audit/append-audit.ts';
import { takeOperatorToken } from '../../store/operators/operator-tokens.ts';
import { findOperatorById } from '../../store/operators/create-operator.ts';
import type { App } from '../create-app.ts';
import type { AuthenticatedOperator } from './operator-identity.ts';

export type OperatorProof =
  | { kind: 'token'; token: Secret }
  | { kind: 'password'; username: string; password: Secret; totp: string };

export async function proveOperator(app: App, proof: OperatorProof): Promise<AuthenticatedOperator> {
  const store = await app.store();
  const now = app.clock.now();
  try {
    const operator =
      proof.kind === 'token'
        ? await operatorOfToken(app, proof.token)
        : await verifyOperatorCredentials(store, () => app.passwordKey(), defaultAuthSettings, {
            username: proof.username,
            password: proof.password.reveal(),
            totp: proof.totp,
            address: CLI_ADDRESS,
            now,
          });
    const actor: AuthenticatedOperator = {
      id: operator.id,
      username: operator.username,
      role: operator.role,
      method: proof.kind === 'token' ? 'cli-token' : 'password+totp',
    };
    await appendAudit(store, {
      actor: actor.username,
      action: 'cli.operator.proven',
      source: 'cli',
      now,
      details: { method: actor.method, role: actor.role },
    });
    return actor;
  } catch (error) {
    // SAFETY: the name someone typed is a claim, never an actor: it is kept (JSON-escaped) as a detail.
    const claimed = proof.kind === 'password' ? proof.username.slice(0, 100) : null;
    await appendAudit(store, {
      actor: 'unauthenticated',
      action: 'cli.operator.refused',
      source: 'cli',
      now,
      details: { method: proof.kind, claimed, code: error instanceof ReclaimError ? error.code : 'UNEXPECTED' },
    });
    throw error;
  }
}

async function operatorOfToken(app: App, token: Secret) {
  const store = await app.store();
  const operatorId = await takeOperatorToken(store, { token: token.reveal(), now: app.clock.now() });
  if (!operatorId)
    throw new ReclaimError(
      'AUTH_REQUIRED',
      'The operator token is unknown, expired or already used: create a new one in the console',
    );
  const operator = await findOperatorById(store, operatorId);
  if (!operator || operator.disabledAt)
    throw new ReclaimError('AUTH_REQUIRED', 'The console account of this token is disabled');
  return operator;
}
