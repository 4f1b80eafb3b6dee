// PATCH /users/{id}: passwordProfile and accountEnabled with Entra's checks, in its order:
// permission, then directory role against the target's roles, then the target's state (synced,
// federated), then the value (complexity). Everything is validated before anything is applied.
import { isoInstant } from './emulator-clock.ts';
import { graphMessages } from './graph-messages.ts';
import { noContent, type GraphResponse } from './graph-request.ts';
import { meetsComplexity } from './password-complexity.ts';
import { appOnlyPasswordRoles, mayDoSensitiveAction, mayResetPassword } from './role-matrix.ts';
import {
  badRequest,
  callerRoles,
  denied,
  hasAnyPermission,
  notFound,
  protectingRoles,
  type RouteContext,
} from './route-context.ts';
import { hashPassword, type UserRecord } from './tenant-state.ts';
import { canonicalUserProperty } from './user-projection.ts';

const writableSimple = new Set([
  'displayName',
  'jobTitle',
  'department',
  'officeLocation',
  'mobilePhone',
  'passwordPolicies',
  'usageLocation',
]);
const profileKeys = new Set(['password', 'forceChangePasswordNextSignIn', 'forceChangePasswordNextSignInWithMfa']);

function passwordProfilePermissions(ctx: RouteContext): string[] {
  const perms = ['User-PasswordProfile.ReadWrite.All', 'Directory.ReadWrite.All'];
  if (ctx.settings.userReadWriteAllCanWritePasswordProfile || ctx.caller.kind === 'user')
    perms.push('User.ReadWrite.All');
  if (ctx.caller.kind === 'user') perms.push('Directory.AccessAsUser.All');
  return perms;
}

function isFederated(ctx: RouteContext, user: UserRecord): boolean {
  const domain = String(user.props.userPrincipalName).split('@')[1]?.toLowerCase() ?? '';
  return ctx.settings.federatedDomains.some((d) => d.toLowerCase() === domain);
}

export function patchUser(ctx: RouteContext): GraphResponse {
  const user = ctx.tenant.findUser(ctx.params.id ?? '');
  const body = ctx.req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return badRequest(graphMessages.malformedJson, 'BadRequest');
  const changes = body as Record<string, unknown>;
  for (const key of Object.keys(changes)) {
    const canonical = canonicalUserProperty(key);
    if (!canonical) return badRequest(graphMessages.unknownProperty(key, 'user'));
    if (canonical !== 'passwordProfile' && canonical !== 'accountEnabled' && !writableSimple.has(canonical)) {
      return badRequest(graphMessages.readOnlyProperty(canonical));
    }
  }
  const wantsProfile = 'passwordProfile' in changes;
  const wantsEnabled = 'accountEnabled' in changes;
  const wantsOther = Object.keys(changes).some((k) => writableSimple.has(k));
  // 1. permissions from the token
  if (wantsProfile && !hasAnyPermission(ctx.caller, passwordProfilePermissions(ctx))) return denied();
  if (
    wantsEnabled &&
    !hasAnyPermission(ctx.caller, ['User.EnableDisableAccount.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'])
  )
    return denied();
  if (wantsOther && !hasAnyPermission(ctx.caller, ['User.ReadWrite.All', 'Directory.ReadWrite.All'])) return denied();
  if (!user) return notFound(ctx.params.id ?? '');
  // 2. the caller's directory role against the target's roles (graph.md A2 matrix)
  const roles = callerRoles(ctx);
  const targetRoles = protectingRoles(ctx, user);
  if (wantsProfile) {
    if (ctx.caller.kind === 'app' && !roles.some((r) => appOnlyPasswordRoles.includes(r))) return denied();
    if (!mayResetPassword(roles, targetRoles)) return denied();
  }
  if (wantsEnabled && !mayDoSensitiveAction(roles, targetRoles)) return denied();
  // 3. the value
  let profile: { password?: string; force?: boolean; forceMfa?: boolean } | undefined;
  if (wantsProfile) {
    const p = changes.passwordProfile;
    if (typeof p !== 'object' || p === null || Array.isArray(p))
      return badRequest(graphMessages.invalidPropertyValue('passwordProfile'));
    const pp = p as Record<string, unknown>;
    for (const k of Object.keys(pp))
      if (!profileKeys.has(k)) return badRequest(graphMessages.invalidPropertyValue(`passwordProfile.${k}`));
    if (pp.password !== undefined && typeof pp.password !== 'string')
      return badRequest(graphMessages.invalidPropertyValue('password'));
    for (const k of ['forceChangePasswordNextSignIn', 'forceChangePasswordNextSignInWithMfa']) {
      if (pp[k] !== undefined && typeof pp[k] !== 'boolean') return badRequest(graphMessages.invalidPropertyValue(k));
    }
    profile = {
      password: pp.password as string | undefined,
      force: pp.forceChangePasswordNextSignIn as boolean | undefined,
      forceMfa: pp.forceChangePasswordNextSignInWithMfa as boolean | undefined,
    };
  }
  if (wantsEnabled && typeof changes.accountEnabled !== 'boolean')
    return badRequest(graphMessages.invalidPropertyValue('accountEnabled'));
  // 4. the target's state
  const synced = user.props.onPremisesSyncEnabled === true;
  // SAFETY: synced users are mastered on-premises; by default the emulator refuses cloud writes
  // to their password and enabled state as Entra's long-standing error does (graph.md A2).
  if (synced && wantsEnabled) return badRequest(graphMessages.onPremMastered);
  const forceOnly = profile !== undefined && profile.password === undefined;
  if (synced && wantsProfile && !forceOnly && ctx.settings.syncedPasswordPatch === 'reject')
    return badRequest(graphMessages.onPremMastered);
  if (wantsProfile && isFederated(ctx, user)) return badRequest(graphMessages.federatedPassword);
  if (
    profile?.password !== undefined &&
    !meetsComplexity(profile.password, String(user.props.userPrincipalName), user.props.passwordPolicies)
  ) {
    return badRequest(graphMessages.passwordComplexity);
  }
  // 5. apply
  const now = ctx.clock.now();
  // A force-only PATCH on a synced user: 'ignore' answers 204 and changes nothing, as an old docs
  // issue reports (graph.md, "Correction"); a client must read passwordProfile back.
  const ignoredForce = synced && forceOnly && ctx.settings.syncedForceChangePatch === 'ignore';
  if (profile && !ignoredForce) {
    if (profile.password !== undefined) {
      user.hidden.passwordHash = hashPassword(profile.password, user.hidden.passwordSalt);
      user.hidden.passwordChanges += 1;
      user.hidden.cloudPasswordOverride = synced;
      user.props.lastPasswordChangeDateTime = isoInstant(now);
    }
    if (profile.force !== undefined) user.hidden.forceChangePasswordNextSignIn = profile.force;
    if (profile.forceMfa !== undefined) user.hidden.forceChangePasswordNextSignInWithMfa = profile.forceMfa;
    if (profile.password !== undefined) ctx.hooks.onPasswordChanged?.(user, 'patch');
  }
  if (wantsEnabled) user.props.accountEnabled = changes.accountEnabled;
  for (const [k, v] of Object.entries(changes)) if (writableSimple.has(k)) user.props[k] = v;
  return noContent();
}
