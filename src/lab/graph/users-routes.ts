// GET /users, GET /users/{id|upn}, POST /users/{id}/revokeSignInSessions (graph.md A1, A3).
import { collectionOf } from './user-collection.ts';
import { isoInstant } from './emulator-clock.ts';
import { graphError } from './graph-error.ts';
import { graphMessages } from './graph-messages.ts';
import { json, type GraphResponse } from './graph-request.ts';
import { listCollection } from './collection-query.ts';
import { mayResetPassword } from './role-matrix.ts';
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
import { canonicalUserProperty, defaultUserSelect, projectUser, singleUserOnly } from './user-projection.ts';

export const userReadPermissions = [
  'User.Read.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
  'User.ReadBasic.All',
];
const revokePermissions = ['User.RevokeSessions.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'];

/** Parses $select into canonical names, or an error response. */
export function parseUserSelect(ctx: RouteContext, forList: boolean): string[] | GraphResponse {
  const raw = ctx.req.query.get('$select');
  if (raw === null || raw.trim() === '') return defaultUserSelect;
  const out: string[] = [];
  for (const name of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const canonical = canonicalUserProperty(name);
    if (!canonical) return badRequest(graphMessages.unknownProperty(name, 'user'), 'Request_BadRequest');
    if (forList && singleUserOnly.has(canonical))
      return graphError(501, 'NotImplemented', graphMessages.listOnlyProperty);
    out.push(canonical);
  }
  return out;
}

/** signInActivity needs a P1 licence and AuditLog.Read.All (graph.md A1). */
function checkSignInActivity(ctx: RouteContext, select: string[]): GraphResponse | undefined {
  const filter = ctx.req.query.get('$filter') ?? '';
  if (!select.includes('signInActivity') && !/signInActivity/i.test(filter)) return undefined;
  if (!ctx.settings.licences.p1)
    return graphError(403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', graphMessages.nonPremium);
  if (!hasAnyPermission(ctx.caller, ['AuditLog.Read.All'])) return denied();
  return undefined;
}

export function listUsers(ctx: RouteContext): GraphResponse {
  if (!hasAnyPermission(ctx.caller, userReadPermissions)) return denied();
  const select = parseUserSelect(ctx, true);
  if (!Array.isArray(select)) return select;
  const licence = checkSignInActivity(ctx, select);
  if (licence) return licence;
  const withActivity = select.includes('signInActivity');
  const users = [...ctx.tenant.users.values()];
  const fragment = ctx.req.query.has('$select') ? `users(${select.join(',')})` : 'users';
  return listCollection(
    ctx,
    users,
    collectionOf(fragment, (u) => projectUser(u, select)),
    { maxTop: withActivity ? 500 : 999 },
  );
}

export function getUser(ctx: RouteContext): GraphResponse {
  if (!hasAnyPermission(ctx.caller, userReadPermissions)) return denied();
  const user = ctx.tenant.findUser(ctx.params.id ?? '');
  if (!user) return notFound(ctx.params.id ?? '');
  const select = parseUserSelect(ctx, false);
  if (!Array.isArray(select)) return select;
  const licence = checkSignInActivity(ctx, select);
  if (licence) return licence;
  const fragment = ctx.req.query.has('$select') ? `users(${select.join(',')})/$entity` : 'users/$entity';
  return json(200, { '@odata.context': contextUrl(ctx, fragment), ...projectUser(user, select) });
}

export function revokeSignInSessions(ctx: RouteContext): GraphResponse {
  if (!hasAnyPermission(ctx.caller, revokePermissions)) return denied();
  const user = ctx.tenant.findUser(ctx.params.id ?? '');
  if (!user) return notFound(ctx.params.id ?? '');
  // SAFETY: the same "who can reset passwords" matrix governs invalidating refresh tokens (A3).
  if (!mayResetPassword(callerRoles(ctx), protectingRoles(ctx, user))) return denied();
  const now = ctx.clock.now();
  user.props.signInSessionsValidFromDateTime = isoInstant(now);
  user.hidden.revocationEffectiveMs = now + ctx.settings.revokeEffectiveAfterMinutes * 60_000;
  return json(200, { '@odata.context': contextUrl(ctx, 'Edm.Boolean'), value: true });
}
