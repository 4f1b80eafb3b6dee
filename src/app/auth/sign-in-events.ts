// What the console's sign-in and sign-out routes record and check in the store: the per-address
// rate limit in front of every sign-in, the audit entries of a sign-in, a failed one and a sign-out,
// the single sign-on switch and the accounts single sign-on may open.
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { appendAudit } from '../../store/audit/append-audit.ts';
import type { Store } from '../../store/open-store.ts';
import { findOperatorByUsername } from '../../store/operators/create-operator.ts';
import { readOidcSwitch } from '../../store/operators/oidc-switch.ts';
import { deleteSession, type SessionRow } from '../../store/operators/operator-sessions.ts';
import { takeLoginAttempt } from '../../store/operators/take-login-attempt.ts';

export type SignInMethod = 'password' | 'oidc';

/** Per address, in front of the per-account lockout; kept in the store, so it holds across every serve process. */
export async function limitSignInAttempts(
  store: Store,
  input: { address: string; now: Date; perMinute: number },
): Promise<void> {
  const allowed = await takeLoginAttempt(store, {
    address: input.address,
    now: input.now,
    windowMs: 60_000,
    max: input.perMinute,
  });
  if (!allowed) throw new ReclaimError('ACCOUNT_LOCKED', 'Too many sign-in attempts from this address: wait a minute');
}

export async function auditSignIn(
  store: Store,
  input: { username: string; role: string; method: SignInMethod; ip: string; now: Date },
): Promise<void> {
  await appendAudit(store, {
    actor: input.username,
    action: 'console.login',
    source: 'console',
    ip: input.ip,
    now: input.now,
    details: { role: input.role, method: input.method },
  });
}

/**
 * SAFETY: a name someone typed (or an IdP claimed) is never an actor: `attempted` is kept as an
 * escaped, shortened detail, so a newline or markup in it cannot forge an audit line.
 */
export async function auditSignInFailure(
  store: Store,
  input: { ip: string; now: Date; attempted: string; code: string; method?: SignInMethod; reason?: string },
): Promise<void> {
  await appendAudit(store, {
    actor: 'unauthenticated',
    action: 'console.login.failed',
    source: 'console',
    ip: input.ip,
    now: input.now,
    details: {
      ...(input.method ? { method: input.method } : {}),
      attempted: JSON.stringify(input.attempted.slice(0, 100)).slice(1, -1),
      code: input.code,
      ...(input.reason ? { reason: input.reason } : {}),
    },
  });
}

/** Ends the session and records who signed out. */
export async function signOut(
  store: Store,
  input: { session: SessionRow; username: string; ip: string; now: Date },
): Promise<void> {
  await deleteSession(store, input.session.idHash);
  await appendAudit(store, {
    actor: input.username,
    action: 'console.logout',
    source: 'console',
    ip: input.ip,
    now: input.now,
  });
}

/** SAFETY: the store-held switch, read afresh for every sign-in. */
export async function singleSignOnOn(store: Store): Promise<boolean> {
  return (await readOidcSwitch(store)).on;
}

/** The console account single sign-on may open for `username`, or null: unknown, disabled or not allowed SSO. */
export async function singleSignOnAccount(store: Store, username: string) {
  const operator = await findOperatorByUsername(store, username);
  if (!operator || operator.disabledAt || !operator.oidcEnabledAt) return null;
  return operator;
}
