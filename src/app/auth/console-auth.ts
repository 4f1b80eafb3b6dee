// Sign-in, session lookup and CSRF checks for the console. SAFETY: the session token is a random
// 256-bit value and the CSRF token a 256-bit HMAC of it (csrfTokenFor); the store keeps only their
// SHA-256 hashes. A new session id is issued at every sign-in (no fixation) and the session
// presented with the sign-in request is ended.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { Secret } from '../../core/secret.ts';
import type { OperatorRole, SessionAuthMethod } from '../../store/database.ts';
import type { Store } from '../../store/open-store.ts';
import { claimTotpStep } from '../../store/operators/claim-totp-step.ts';
import { findOperatorById, findOperatorByUsername, type OperatorRow } from '../../store/operators/create-operator.ts';
import { readOidcSwitch } from '../../store/operators/oidc-switch.ts';
import {
  createSession,
  deleteSession,
  findLiveSession,
  setSessionCsrfTokenHash,
  touchSession,
  type SessionRow,
} from '../../store/operators/operator-sessions.ts';
import {
  clearLoginFailures,
  nameKeyOf,
  readLoginLock,
  recordLoginFailure,
  type LockoutPolicy,
} from '../../store/operators/login-failures.ts';
import { decoyHash, verifyOperatorPassword } from './password-hash.ts';
import { openTotpSecret } from './totp-secret-box.ts';
import { verifyTotp } from './totp.ts';

export interface AuthSettings {
  sessionTtlMs: number;
  /** a session unused this long ends (its lastSeenAt is refreshed by every request) */
  idleTimeoutMs: number;
  lockout: LockoutPolicy;
}

export const defaultAuthSettings: AuthSettings = {
  sessionTtlMs: 8 * 3600_000,
  idleTimeoutMs: 30 * 60_000,
  // 5 failures in a row lock the (name, address) pair for 1 min, then 2, 4, 8, up to 15 min
  lockout: { lockAfter: 5, firstLockMs: 60_000, maxLockMs: 15 * 60_000, forgetAfterMs: 24 * 3600_000 },
};

/** The CLI's --login has no network address: its attempts count under this one. */
export const CLI_ADDRESS = 'cli';

const lockedOut = (until: string) =>
  new ReclaimError(
    'ACCOUNT_LOCKED',
    `Too many failed sign-ins with this name from this address: try again after ${until}`,
    {
      details: [
        'Sign-ins from other addresses are not affected; an administrator can lift it with `reclaim operator unlock NAME`.',
      ],
    },
  );

export interface SignedInOperator {
  id: string;
  username: string;
  displayName: string;
  role: OperatorRole;
}

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function signIn(
  store: Store,
  totpKey: () => Secret,
  settings: AuthSettings,
  input: {
    username: string;
    password: string;
    totp: string;
    ip: string;
    previousToken?: string | undefined;
    now: Date;
  },
): Promise<{ token: string; csrfToken: string; operator: SignedInOperator }> {
  const operator = await verifyOperatorCredentials(store, totpKey, settings, { ...input, address: input.ip });
  return openSession(store, settings, {
    operator,
    ip: input.ip,
    previousToken: input.previousToken,
    now: input.now,
    authMethod: 'password',
  });
}

/**
 * Proves an operator by password and one-time code, with the same lockout and one-use TOTP steps
 * as the console's sign-in; the console opens a session after it, the CLI binds one command to it.
 */
export async function verifyOperatorCredentials(
  store: Store,
  totpKey: () => Secret,
  settings: AuthSettings,
  input: { username: string; password: string; totp: string; address: string; now: Date },
): Promise<OperatorRow> {
  // SAFETY: an unknown name, a disabled account and a wrong password or code get the same answer,
  // the same cost (a decoy hash) and the same counting and lockout, so the answers tell nobody
  // which names exist. The lock is per (name, address): a guesser elsewhere locks out only themselves.
  const pair = { nameKey: nameKeyOf(input.username), address: input.address };
  const locked = await readLoginLock(store, { ...pair, now: input.now });
  if (locked) throw lockedOut(locked);
  const operator = await findOperatorByUsername(store, input.username);
  const passwordOk = await verifyOperatorPassword(operator?.passwordHash ?? (await decoyHash()), input.password);
  const usable = operator !== undefined && !operator.disabledAt && passwordOk;
  const step =
    usable && operator.totpSecretEncrypted
      ? verifyTotp(openTotpSecret(totpKey(), operator.totpSecretEncrypted), input.totp, input.now)
      : undefined;
  // SAFETY: a code is accepted once: its step is claimed in the store (operators.last_totp_step),
  // so a replayed code fails in every serve process sharing the store, and after a restart.
  const fresh = usable && step !== undefined && (await claimTotpStep(store, { operatorId: operator.id, step }));
  if (!operator || !fresh) {
    const after = await recordLoginFailure(store, { ...pair, policy: settings.lockout, now: input.now });
    if (after.lockedUntil) throw lockedOut(after.lockedUntil);
    throw new ReclaimError('AUTH_REQUIRED', 'Wrong username, password or one-time code');
  }
  await clearLoginFailures(store, pair);
  return operator;
}

/** A new session for an operator already proven (password + TOTP, or OIDC): no fixation. */
export async function openSession(
  store: Store,
  settings: AuthSettings,
  input: {
    operator: OperatorRow;
    ip: string;
    previousToken?: string | undefined;
    now: Date;
    authMethod: SessionAuthMethod;
  },
): Promise<{ token: string; csrfToken: string; operator: SignedInOperator }> {
  if (input.previousToken) await deleteSession(store, tokenHash(input.previousToken));
  const token = randomBytes(32).toString('base64url');
  const csrfToken = csrfTokenFor(token);
  await createSession(store, {
    idHash: tokenHash(token),
    operatorId: input.operator.id,
    csrfTokenHash: tokenHash(csrfToken),
    ip: input.ip,
    ttlMs: settings.sessionTtlMs,
    now: input.now,
    authMethod: input.authMethod,
  });
  return { token, csrfToken, operator: publicOperator(input.operator) };
}

/**
 * oidcAllowed: false (the config kill switch) refuses every session opened by OIDC sign-in; so
 * does the store-held switch (`reclaim operator oidc-switch off`), read on every OIDC session's request.
 */
export async function authenticate(
  store: Store,
  token: string | undefined,
  now: Date,
  oidcAllowed = false,
  idleTimeoutMs = defaultAuthSettings.idleTimeoutMs,
): Promise<{ session: SessionRow; operator: SignedInOperator }> {
  if (!token) throw new ReclaimError('AUTH_REQUIRED');
  const session = await findLiveSession(store, tokenHash(token), now);
  if (!session) throw new ReclaimError('AUTH_REQUIRED', 'Your console session has ended: sign in again');
  // SAFETY: an unattended console (a helpdesk desk left open) ends after idleTimeoutMs without use.
  if (new Date(session.lastSeenAt ?? session.createdAt).getTime() + idleTimeoutMs <= now.getTime()) {
    await deleteSession(store, session.idHash);
    throw new ReclaimError(
      'AUTH_REQUIRED',
      `Your console session ended after ${Math.round(idleTimeoutMs / 60_000)} minutes without use: sign in again`,
    );
  }
  await touchSession(store, session, now);
  const operator = await findOperatorById(store, session.operatorId);
  if (!operator || operator.disabledAt) throw new ReclaimError('AUTH_REQUIRED', 'Your console account is disabled');
  // SAFETY: an OIDC session ends when OIDC is switched off in the config or for this account
  // (a compromised IdP must not keep anyone signed in).
  if (session.authMethod === 'oidc' && (!oidcAllowed || !operator.oidcEnabledAt)) {
    throw new ReclaimError(
      'AUTH_REQUIRED',
      'Single sign-on is switched off: sign in with your console password and one-time code',
    );
  }
  // Switching off in the store ended every OIDC session already; a session a callback opened
  // while the switch was being turned off is ended here, at its first request.
  if (session.authMethod === 'oidc' && !(await readOidcSwitch(store)).on) {
    await deleteSession(store, session.idHash);
    throw new ReclaimError(
      'AUTH_REQUIRED',
      'Single sign-on was switched off by the incident commander: sign in with your console password and one-time code',
    );
  }
  return { session, operator: publicOperator(operator) };
}

/** SAFETY: every mutation carries the session's CSRF token in a header (synchronizer token). */
export function checkCsrf(session: SessionRow, header: string | undefined): void {
  const expected = Buffer.from(session.csrfTokenHash);
  const given = Buffer.from(tokenHash(header ?? ''));
  if (!header || expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new ReclaimError('PERMISSION_DENIED', 'Missing or wrong CSRF token (X-CSRF-Token): reload the console');
  }
}

/**
 * SAFETY: the CSRF token is HMAC-SHA256 keyed by the session token, so it is the same for the
 * session's whole life (a reloaded page and every other open tab get the same one back from
 * GET /api/session, and none of them invalidates another's) while staying a 256-bit value nobody
 * can compute without the session token:
 * - a forging site cannot read the session cookie (httpOnly, SameSite=Strict, another origin),
 *   so it can neither compute the token nor read it from /api/session (same-origin policy);
 * - the store holds only SHA-256 of the session token and of the CSRF token: a copy of the
 *   database yields neither, and neither hash lets one compute the other;
 * - whoever holds the session token holds the session already, so deriving from it gives away
 *   nothing a random token would keep. No server-wide key is needed, which keeps every `serve`
 *   process on the store in agreement without sharing one.
 * The label separates this use of the session token from any other derived from it.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('reclaim console CSRF token v1').digest('base64url');
}

/**
 * The session's CSRF token, for a page that reloaded and lost it. A session opened before the
 * token was derived (it holds a random token's hash) is moved over once, at its next reload.
 */
export async function sessionCsrfToken(store: Store, session: SessionRow, sessionToken: string): Promise<string> {
  const csrfToken = csrfTokenFor(sessionToken);
  const hash = tokenHash(csrfToken);
  if (hash !== session.csrfTokenHash) {
    await setSessionCsrfTokenHash(store, session.idHash, hash);
  }
  return csrfToken;
}

export function publicOperator(row: OperatorRow): SignedInOperator {
  return { id: row.id, username: row.username, displayName: row.displayName, role: row.role };
}
