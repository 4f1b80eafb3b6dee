// What a route handler receives, and the permission helpers every route uses.
import type { EmulatorClock } from './emulator-clock.ts';
import type { EmulatorSettings } from './emulator-settings.ts';
import { graphError } from './graph-error.ts';
import { graphMessages } from './graph-messages.ts';
import type { Caller, GraphRequest, GraphResponse } from './graph-request.ts';
import type { TenantState, UserRecord } from './tenant-state.ts';

export interface EmulatorHooks {
  /** a user's cloud password changed (PATCH, resetPassword, lab sync) */
  onPasswordChanged?: (user: UserRecord, source: 'patch' | 'resetPassword' | 'sync') => void;
  /** resetPassword with writeback on: the new password goes to on-prem AD */
  onWriteback?: (user: UserRecord, newPassword: string) => void;
}

export interface RouteContext {
  req: GraphRequest;
  caller: Caller;
  params: Record<string, string>;
  tenant: TenantState;
  settings: EmulatorSettings;
  clock: EmulatorClock;
  baseUrl: string;
  hooks: EmulatorHooks;
}

export type RouteHandler = (ctx: RouteContext) => GraphResponse;

export function hasAnyPermission(caller: Caller, permissions: readonly string[]): boolean {
  return caller.permissions.some((p) => permissions.includes(p));
}

export function denied(): GraphResponse {
  return graphError(403, 'Authorization_RequestDenied', graphMessages.insufficientPrivileges);
}

export function notFound(id: string): GraphResponse {
  return graphError(404, 'Request_ResourceNotFound', graphMessages.resourceNotFound(id));
}

export function badRequest(message: string, code = 'Request_BadRequest'): GraphResponse {
  return graphError(400, code, message);
}

export function contextUrl(ctx: RouteContext, fragment: string): string {
  return `${ctx.baseUrl}/v1.0/$metadata#${fragment}`;
}

/** Roles that protect a user as a reset target (active, and eligible unless configured off). */
export function protectingRoles(ctx: RouteContext, user: UserRecord): string[] {
  const roles = ctx.settings.eligibleRolesProtectTarget
    ? [...user.hidden.activeRoles, ...user.hidden.eligibleRoles]
    : [...user.hidden.activeRoles];
  // "member/owner of a role-assignable group": only Privileged Authentication Administrator and
  // Global Administrator may reset them (graph.md A2 matrix; any unlisted role means exactly that).
  if (ctx.tenant.inRoleAssignableGroup(user.id)) roles.push(ROLE_ASSIGNABLE_GROUP_MEMBER);
  return roles;
}

/** A marker the reset matrix does not list, so it allows Privileged Authentication Administrator and Global Administrator only. */
export const ROLE_ASSIGNABLE_GROUP_MEMBER = 'role-assignable-group-member';

/** The caller's roles: the service principal's for an app token, the signed-in user's otherwise. */
export function callerRoles(ctx: RouteContext): string[] {
  return ctx.caller.wids;
}
