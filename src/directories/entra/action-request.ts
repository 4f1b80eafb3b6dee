// Actions as Graph requests: one method, a version-less relative URL (what $batch items need,
// graph.md A8) and a body. Pure, so dry-run can show exactly what will be sent (minus secrets).
import type { ActionKind, ActionSpec } from '../../core/action.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { Secret } from '../../core/secret.ts';

export interface GraphWrite {
  method: 'PATCH' | 'POST' | 'DELETE';
  /** relative to the version root, e.g. /users/{id} */
  url: string;
  /** JSON body; may hold a password (reveal only when sending) */
  body?: Record<string, unknown>;
}

/** Actions that are one Graph write whose result needs nothing but its status: they can be batched. */
export const batchableKinds: readonly ActionKind[] = [
  'requireChange',
  'resetPassword',
  'disable',
  'enable',
  'revokeSessions',
];

export const entraActionKinds: readonly ActionKind[] = [...batchableKinds, 'issueTap', 'deleteAuthMethods'];

export function userPath(key: string): string {
  return `/users/${encodeURIComponent(key)}`;
}

export function actionRequest(action: ActionSpec, password?: Secret): GraphWrite {
  const user = userPath(action.identity.key);
  const params = action.params ?? {};
  switch (action.kind) {
    case 'requireChange': {
      // forceChangePasswordNextSignInWithMfa asks for MFA before the change (graph.md A1); a
      // password given by the engine is set at the same time (admin reset + must change).
      const profile: Record<string, unknown> = params.withMfa
        ? { forceChangePasswordNextSignIn: true, forceChangePasswordNextSignInWithMfa: true }
        : { forceChangePasswordNextSignIn: true };
      if (password) profile.password = password;
      return { method: 'PATCH', url: user, body: { passwordProfile: profile } };
    }
    case 'resetPassword': {
      if (!password) {
        // SAFETY: the adapter never invents a password: the engine generates and journals it first,
        // so a retry after an unknown outcome sends the same value (design.md, facts learned).
        throw new ReclaimError(
          'USAGE_INVALID',
          `resetPassword of ${action.identity.name}: no password was given by the engine`,
        );
      }
      // mustChange is the engine's decision (ActionParams): without it the new password is usable as is.
      const profile: Record<string, unknown> = { password, forceChangePasswordNextSignIn: params.mustChange === true };
      if (params.withMfa) profile.forceChangePasswordNextSignInWithMfa = true;
      return { method: 'PATCH', url: user, body: { passwordProfile: profile } };
    }
    case 'disable':
      return { method: 'PATCH', url: user, body: { accountEnabled: false } };
    case 'enable':
      return { method: 'PATCH', url: user, body: { accountEnabled: true } };
    case 'revokeSessions':
      return { method: 'POST', url: `${user}/revokeSignInSessions` };
    case 'issueTap': {
      const body: Record<string, unknown> = {};
      if (params.lifetimeMinutes !== undefined) body.lifetimeInMinutes = params.lifetimeMinutes;
      if (params.isUsableOnce !== undefined) body.isUsableOnce = params.isUsableOnce;
      return { method: 'POST', url: `${user}/authentication/temporaryAccessPassMethods`, body };
    }
    default:
      throw new ReclaimError('NOT_SUPPORTED', `${action.kind} is not an Entra ID action (${action.identity.name})`);
  }
}

/** JSON text of a body, revealing secrets only here, at the moment of sending. */
export function serializeBody(body: Record<string, unknown> | undefined): string | undefined {
  if (body === undefined) return undefined;
  // Secret.toJSON redacts before any replacer runs, so secrets are swapped in on a copy first.
  return JSON.stringify(revealed(body));
}

function revealed(value: unknown): unknown {
  if (value instanceof Secret) return value.reveal();
  if (Array.isArray(value)) return value.map(revealed);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revealed(v)]));
  }
  return value;
}
