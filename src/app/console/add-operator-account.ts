// `reclaim operator add`: a console account with an argon2id password hash and a TOTP secret
// (stored encrypted). The initial password and the enrolment URI are returned once, to be handed
// to the person out of band; neither is stored in clear.
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { Secret } from '../../core/secret.ts';
import { appendAudit } from '../../store/audit/append-audit.ts';
import type { OperatorRole } from '../../store/database.ts';
import { createOperator } from '../../store/operators/create-operator.ts';
import type { App } from '../create-app.ts';
import { freshCredentials } from '../operators/operator-credentials.ts';

/** An account name is shown in the console, the audit log and approvals: short, printable, no spaces or newlines. */
export function checkAccountName(username: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/.test(username)) {
    throw new ReclaimError(
      'USAGE_INVALID',
      `"${JSON.stringify(username).slice(1, -1).slice(0, 80)}" is not a valid account name: ` +
        `1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit`,
    );
  }
}

export async function addOperatorAccount(
  app: App,
  input: { username: string; role: OperatorRole; displayName?: string; password?: Secret },
): Promise<{
  id: string;
  username: string;
  role: OperatorRole;
  password: Secret;
  totpSecret: Secret;
  enrolmentUri: Secret;
}> {
  checkAccountName(input.username);
  const store = await app.store();
  const fresh = await freshCredentials(app, input.username, input.password);
  const now = app.clock.now();
  const row = await createOperator(store, {
    username: input.username,
    displayName: input.displayName ?? input.username,
    role: input.role,
    passwordHash: fresh.passwordHash,
    totpSecretEncrypted: fresh.totpSecretEncrypted,
    now,
  });
  await appendAudit(store, {
    actor: app.operator,
    action: 'operator.add',
    target: `operator:${input.username}`,
    source: 'cli',
    now,
    details: { role: input.role },
  });
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    password: fresh.password,
    totpSecret: fresh.totpSecret,
    enrolmentUri: fresh.enrolmentUri,
  };
}
