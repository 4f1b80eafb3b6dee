// Groups that hold directory roles: role-assignable groups (isAssignableToRole), their members, and
// PIM for Groups eligible memberships. A member of a role-assignable group holding a role holds
// that role (https://learn.microsoft.com/en-us/entra/identity/role-based-access-control/groups-concept);
// an eligible member can activate the membership at any time
// (https://learn.microsoft.com/en-us/entra/id-governance/privileged-identity-management/concept-pim-for-groups).
import { graphError } from './graph-error.ts';
import { json, type GraphResponse } from './graph-request.ts';
import { listCollection } from './collection-query.ts';
import { contextUrl, denied, hasAnyPermission, notFound, type RouteContext } from './route-context.ts';
import { simpleSpec } from './select-fields.ts';
import { stableGuid, type GroupRecord } from './tenant-state.ts';
import { defaultUserSelect, projectUser } from './user-projection.ts';

const readGroups = [
  'Group.Read.All',
  'GroupMember.Read.All',
  'Directory.Read.All',
  'Group.ReadWrite.All',
  'Directory.ReadWrite.All',
];
const readGroupEligibility = [
  'PrivilegedEligibilitySchedule.Read.AzureADGroup',
  'PrivilegedAccess.Read.AzureADGroup',
  'PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup',
];

const view = (g: GroupRecord) => ({
  id: g.id,
  displayName: g.displayName,
  isAssignableToRole: g.isAssignableToRole,
  securityEnabled: true,
  mailEnabled: false,
  groupTypes: [],
});

export function listGroups(ctx: RouteContext): GraphResponse {
  if (!hasAnyPermission(ctx.caller, readGroups)) return denied();
  const spec = simpleSpec(
    'Group',
    'groups',
    ['id', 'displayName', 'isAssignableToRole', 'securityEnabled'],
    ctx.req.query,
  );
  return listCollection(ctx, [...ctx.tenant.groups.values()].map(view), spec);
}

export function listGroupMembers(ctx: RouteContext): GraphResponse {
  if (!hasAnyPermission(ctx.caller, readGroups)) return denied();
  const group = ctx.tenant.groups.get(ctx.params.id ?? '');
  if (!group) return notFound(ctx.params.id ?? '');
  // role-assignable groups cannot contain groups, so members and transitiveMembers are the same users
  const members = group.members
    .map((id) => ctx.tenant.users.get(id))
    .filter((u) => u !== undefined)
    .map((u) => ({ '@odata.type': '#microsoft.graph.user', ...projectUser(u, defaultUserSelect) }));
  const spec = simpleSpec('DirectoryObject', 'directoryObjects', ['id'], ctx.req.query);
  return listCollection(ctx, members, spec);
}

export function listGroupEligibilitySchedules(ctx: RouteContext): GraphResponse {
  if (!hasAnyPermission(ctx.caller, readGroupEligibility)) return denied();
  if (!ctx.settings.licences.p2)
    return graphError(403, 'AadPremiumLicenseRequired', 'The tenant needs an AAD Premium 2 license.');
  // the API needs a groupId or principalId filter
  const filter = ctx.req.query.get('$filter') ?? '';
  if (!/groupId|principalId/i.test(filter))
    return graphError(400, 'BadRequest', "The filter must contain 'groupId' or 'principalId'.");
  const rows = [...ctx.tenant.groups.values()].flatMap((g) =>
    g.eligibleMembers.map((userId) => ({
      id: stableGuid(`group-eligibility:${g.id}:${userId}`),
      groupId: g.id,
      principalId: userId,
      accessId: 'member',
      memberType: 'direct',
      status: 'Provisioned',
      scheduleInfo: { startDateTime: null, expiration: { type: 'noExpiration', endDateTime: null, duration: null } },
    })),
  );
  const spec = simpleSpec(
    'PrivilegedAccessGroupEligibilitySchedule',
    'identityGovernance/privilegedAccess/group/eligibilitySchedules',
    ['groupId', 'principalId', 'accessId'],
    ctx.req.query,
  );
  return listCollection(ctx, rows, spec);
}

export function getGroup(ctx: RouteContext): GraphResponse {
  if (!hasAnyPermission(ctx.caller, readGroups)) return denied();
  const group = ctx.tenant.groups.get(ctx.params.id ?? '');
  if (!group) return notFound(ctx.params.id ?? '');
  return json(200, { '@odata.context': contextUrl(ctx, 'groups/$entity'), ...view(group) });
}
