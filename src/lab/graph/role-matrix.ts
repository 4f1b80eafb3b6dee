// "Who can reset passwords" (entra-docs privileged-roles-permissions.md, graph.md A2): which caller
// roles may reset the password of (or revoke sessions for) a target holding given roles.
// SAFETY: a target with several roles is protected by the strictest of them (intersection).
import { ROLE } from './role-templates.ts';

const PWD = ROLE.passwordAdmin;
const HD = ROLE.helpdeskAdmin;
const AUTH = ROLE.authAdmin;
const UA = ROLE.userAdmin;
const PAA = ROLE.privilegedAuthAdmin;
const GA = ROLE.globalAdmin;

const everyone: string[] = [PWD, HD, AUTH, UA, PAA, GA];

const resetters: Record<string, string[]> = {
  [ROLE.directoryReaders]: everyone,
  [ROLE.guestInviter]: everyone,
  [ROLE.passwordAdmin]: everyone,
  [ROLE.helpdeskAdmin]: [HD, UA, PAA, GA],
  [ROLE.messageCenterReader]: [HD, AUTH, UA, PAA, GA],
  [ROLE.reportsReader]: [HD, AUTH, UA, PAA, GA],
  [ROLE.usageSummaryReportsReader]: [HD, AUTH, UA, PAA, GA],
  [ROLE.userExperienceSuccessManager]: [HD, AUTH, UA, PAA, GA],
  [ROLE.authAdmin]: [AUTH, PAA, GA],
  [ROLE.groupsAdmin]: [UA, PAA, GA],
  [ROLE.userAdmin]: [UA, PAA, GA],
  [ROLE.privilegedAuthAdmin]: [PAA, GA],
  [ROLE.privilegedRoleAdmin]: [PAA, GA],
  [ROLE.globalAdmin]: [PAA, GA],
};

/** Caller roles allowed to reset a target holding `targetRoles` (any other role: PAA and GA only). */
export function allowedResetters(targetRoles: readonly string[]): string[] {
  let allowed = everyone;
  for (const role of targetRoles) {
    const forRole = resetters[role] ?? [PAA, GA];
    allowed = allowed.filter((r) => forRole.includes(r));
  }
  return allowed;
}

export function mayResetPassword(callerRoles: readonly string[], targetRoles: readonly string[]): boolean {
  const allowed = allowedResetters(targetRoles);
  return callerRoles.some((r) => allowed.includes(r));
}

/** Sensitive actions (accountEnabled, ...) follow the same rows, limited to these caller roles. */
const sensitiveActors: string[] = [AUTH, UA, PAA, GA];

export function mayDoSensitiveAction(callerRoles: readonly string[], targetRoles: readonly string[]): boolean {
  const allowed = allowedResetters(targetRoles).filter((r) => sensitiveActors.includes(r));
  return callerRoles.some((r) => allowed.includes(r));
}

/** App-only passwordProfile writes need at least User Administrator (user-update doc, graph.md A2). */
export const appOnlyPasswordRoles: readonly string[] = [UA, PAA, GA];
