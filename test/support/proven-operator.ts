// Tests act as proven operators the way the product does: a console account (argon2id password +
// TOTP) created in the store, a single-use token issued for it (what POST /api/cli-token does),
// and the token proven by proveOperator, as `reclaim` does with RECLAIM_OPERATOR_TOKEN.
import { addOperatorAccount } from '../../src/app/console/add-operator-account.ts';
import { withActor, type App } from '../../src/app/create-app.ts';
import { proveOperator } from '../../src/app/operators/prove-operator.ts';
import { Secret } from '../../src/core/secret.ts';
import type { OperatorRole } from '../../src/store/database.ts';
import { findOperatorByUsername } from '../../src/store/operators/create-operator.ts';
import { issueOperatorToken } from '../../src/store/operators/operator-tokens.ts';

export const testOperatorPassword = 'correct horse battery staple 42';

/** The account's id, created with the test password when missing. */
export async function ensureOperator(
  app: App,
  username: string,
  role: OperatorRole = 'operator',
): Promise<{ id: string; totpSecret?: string }> {
  const store = await app.store();
  const found = await findOperatorByUsername(store, username);
  if (found) return { id: found.id };
  const created = await addOperatorAccount(app, { username, role, password: new Secret(testOperatorPassword) });
  return { id: created.id, totpSecret: created.totpSecret.reveal() };
}

/** A fresh single-use token for the account (created when missing). */
export async function operatorToken(app: App, username: string, role: OperatorRole = 'operator'): Promise<string> {
  const { id } = await ensureOperator(app, username, role);
  return (
    await issueOperatorToken(await app.store(), {
      operatorId: id,
      purpose: 'test',
      ttlMs: 300_000,
      now: app.clock.now(),
    })
  ).token;
}

/** The same App acting as the proven account `username` (default: the app's operator label). */
export async function proven(app: App, username = app.operator, role: OperatorRole = 'operator'): Promise<App> {
  const token = await operatorToken(app, username, role);
  return withActor(app, await proveOperator(app, { kind: 'token', token: new Secret(token) }));
}
