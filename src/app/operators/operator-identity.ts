// Who is acting, proven. SAFETY: plan authorship, approvals and the second approval of an early
// krbtgt reset are bound to Reclaim's own operator accounts (argon2id password + TOTP, or a
// single-use token the console issued to a signed-in operator), never to a name someone typed: a
// bare `--as`, RECLAIM_OPERATOR or the login name only labels read-only commands.
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { OperatorRole } from '../../store/database.ts';
import { allows, type Permission } from '../auth/permissions.ts';
import type { App } from '../create-app.ts';

/** console-session: a console session opened with the password + TOTP; console-sso: one opened by OIDC */
export type ProofMethod = 'password+totp' | 'cli-token' | 'console-session' | 'console-sso';

export interface AuthenticatedOperator {
  id: string;
  username: string;
  role: OperatorRole;
  method: ProofMethod;
}

/** Authoring and approving plans, and creating the accounts that approve: never on an IdP's word. */
const twoPersonRule: ReadonlySet<Permission> = new Set<Permission>(['plan.author', 'plan.approve', 'operator.manage']);

/** The proven operator allowed `permission`; refuses a bare name or a role without it. */
export function requireActor(app: App, permission: Permission, what: string): AuthenticatedOperator {
  const actor = app.actor;
  if (!actor) {
    throw new ReclaimError('AUTH_REQUIRED', `${what} needs a proven operator account, not a name`, {
      details: [
        "on a terminal: add --login <account> and give the account's password and one-time code when asked",
        'or: sign in to the console, create a CLI token there (POST /api/cli-token), and set RECLAIM_OPERATOR_TOKEN',
        'or, in scripts: --login <account> --password-stdin (password and one-time code on two lines of stdin)',
      ],
    });
  }
  if (!allows(actor.role, permission))
    throw new ReclaimError('PERMISSION_DENIED', `${actor.username} (${actor.role}) may not ${what}`);
  // SAFETY: a single sign-on session rests on the IdP's word alone (no console TOTP), and the IdP
  // may be the attacker's: like a CLI token (operator-token-routes.ts), what the two-person rule
  // rests on needs the console's own password and one-time code.
  if (actor.method === 'console-sso' && twoPersonRule.has(permission)) {
    throw new ReclaimError(
      'PERMISSION_DENIED',
      `${what} needs a console sign-in with your password and one-time code, not single sign-on`,
    );
  }
  return actor;
}
