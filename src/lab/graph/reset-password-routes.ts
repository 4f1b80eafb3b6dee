// resetPassword on the password method (graph.md A5): delegated tokens only, 202 + Location of a
// long-running operation that moves notStarted → running → succeeded as the emulator clock
// advances; the password lands when the operation succeeds. Writeback goes to the hook.
import { randomInt } from 'node:crypto';
import { isoInstant } from './emulator-clock.ts';
import { graphError } from './graph-error.ts';
import { graphMessages } from './graph-messages.ts';
import { json, type GraphResponse } from './graph-request.ts';
import { meetsComplexity } from './password-complexity.ts';
import { mayResetPassword } from './role-matrix.ts';
import { ROLE } from './role-templates.ts';
import {
  badRequest,
  callerRoles,
  contextUrl,
  denied,
  hasAnyPermission,
  notFound,
  protectingRoles,
  type RouteContext,
} from './route-context.ts';
import { hashPassword, randomGuid, type OperationRecord, type TenantState } from './tenant-state.ts';
import { PASSWORD_METHOD_ID } from './user-record.ts';

function generatedPassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#$%&*+-?@'];
  let out = '';
  for (let i = 0; i < 16; i++) {
    const set = sets[i % sets.length] as string;
    out += set[randomInt(set.length)];
  }
  return out;
}

function statusOf(op: OperationRecord, now: number, stepMs: number): 'notStarted' | 'running' | 'succeeded' | 'failed' {
  if (op.finishedStatus) return op.finishedStatus;
  const age = now - op.createdMs;
  return age < stepMs ? 'notStarted' : age < 2 * stepMs ? 'running' : 'succeeded';
}

/** Lands the passwords of operations whose time has come; called before every request. */
export function settleOperations(tenant: TenantState, now: number, stepMs: number): void {
  for (const op of tenant.operations.values()) {
    if (op.finishedStatus || statusOf(op, now, stepMs) !== 'succeeded') continue;
    const user = tenant.users.get(op.userId);
    if (!user || !op.newPassword) {
      op.finishedStatus = 'failed';
      op.statusDetail = 'The user no longer exists.';
      continue;
    }
    user.hidden.passwordSalt = op.newPassword.salt;
    user.hidden.passwordHash = op.newPassword.hash;
    user.hidden.passwordChanges += 1;
    // "The user is prompted to change their password on their next sign in."
    user.hidden.forceChangePasswordNextSignIn = true;
    user.props.lastPasswordChangeDateTime = isoInstant(op.createdMs + 2 * stepMs);
    op.newPassword = null;
    op.finishedStatus = 'succeeded';
  }
}

export function resetPassword(ctx: RouteContext): GraphResponse {
  if (ctx.caller.kind === 'app') return graphError(403, 'accessDenied', graphMessages.appOnlyNotSupported);
  if (!hasAnyPermission(ctx.caller, ['UserAuthenticationMethod.ReadWrite.All'])) return denied();
  const user = ctx.tenant.findUser(ctx.params.id ?? '');
  if (!user) return notFound(ctx.params.id ?? '');
  if (ctx.params.methodId !== PASSWORD_METHOD_ID) return notFound(ctx.params.methodId ?? '');
  const roles = callerRoles(ctx);
  if (!roles.some((r) => r === ROLE.authAdmin || r === ROLE.privilegedAuthAdmin || r === ROLE.globalAdmin))
    return denied();
  if (!mayResetPassword(roles, protectingRoles(ctx, user))) return denied();
  if (ctx.caller.userId === user.id) return badRequest(graphMessages.ownAccount);
  const body = (ctx.req.body ?? {}) as Record<string, unknown>;
  const synced = user.props.onPremisesSyncEnabled === true;
  if (synced && !ctx.settings.passwordWriteback) return badRequest(graphMessages.onPremMastered);
  if (synced && typeof body.newPassword !== 'string') return badRequest(graphMessages.newPasswordRequired);
  if (body.newPassword !== undefined && typeof body.newPassword !== 'string')
    return badRequest(graphMessages.invalidPropertyValue('newPassword'));
  const supplied = body.newPassword as string | undefined;
  const password = supplied ?? generatedPassword();
  if (!meetsComplexity(password, String(user.props.userPrincipalName), user.props.passwordPolicies))
    return badRequest(graphMessages.passwordComplexity);
  const now = ctx.clock.now();
  const salt = user.hidden.passwordSalt;
  const op: OperationRecord = {
    id: randomGuid(),
    userId: user.id,
    createdMs: now,
    statusDetail: null,
    newPassword: { salt, hash: hashPassword(password, salt) },
  };
  ctx.tenant.operations.set(op.id, op);
  if (synced) ctx.hooks.onWriteback?.(user, password);
  ctx.hooks.onPasswordChanged?.(user, 'resetPassword');
  const headers = {
    Location: `${ctx.baseUrl}/v1.0/users/${user.id}/authentication/operations/${op.id}?aadgdc=lab`,
    'Retry-After': '1',
  };
  if (supplied !== undefined) return json(202, {}, headers);
  return json(
    202,
    { '@odata.context': contextUrl(ctx, 'microsoft.graph.passwordResetResponse'), newPassword: password },
    headers,
  );
}

export function getOperation(ctx: RouteContext): GraphResponse {
  if (!hasAnyPermission(ctx.caller, ['UserAuthenticationMethod.ReadWrite.All', 'UserAuthenticationMethod.Read.All']))
    return denied();
  const user = ctx.tenant.findUser(ctx.params.id ?? '');
  const op = ctx.tenant.operations.get(ctx.params.opId ?? '');
  if (!user || !op || op.userId !== user.id) return notFound(ctx.params.opId ?? '');
  const now = ctx.clock.now();
  const status = statusOf(op, now, ctx.settings.resetPasswordStepMs);
  return json(
    200,
    {
      '@odata.context': contextUrl(ctx, `users('${user.id}')/authentication/operations/$entity`),
      id: op.id,
      createdDateTime: isoInstant(op.createdMs),
      lastActionDateTime: isoInstant(Math.min(now, op.createdMs + 2 * ctx.settings.resetPasswordStepMs)),
      resourceLocation: `${ctx.baseUrl}/v1.0/users/${user.id}/authentication/methods/${PASSWORD_METHOD_ID}`,
      status,
      statusDetail: op.statusDetail,
    },
    status === 'succeeded' || status === 'failed' ? {} : { 'Retry-After': '1' },
  );
}
