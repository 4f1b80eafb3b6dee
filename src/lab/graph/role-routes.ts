// Directory roles and role management (graph.md A7): activated directoryRoles and their direct
// members, roleDefinitions, roleAssignments (active) and roleEligibilitySchedules (PIM, needs P2).
import { isoInstant } from './emulator-clock.ts';
import { graphError } from './graph-error.ts';
import { graphMessages } from './graph-messages.ts';
import { json, type GraphResponse } from './graph-request.ts';
import { listCollection } from './collection-query.ts';
import { roleTemplate, roleTemplates } from './role-templates.ts';
import { contextUrl, denied, hasAnyPermission, notFound, type RouteContext } from './route-context.ts';
import { selectFields, simpleSpec } from './select-fields.ts';
import { stableGuid, type TenantState } from './tenant-state.ts';
import { defaultUserSelect, projectUser } from './user-projection.ts';

const readRoles = [
  'RoleManagement.Read.Directory',
  'RoleManagement.Read.All',
  'Directory.Read.All',
  'RoleManagement.ReadWrite.Directory',
  'Directory.ReadWrite.All',
];
const readEligibility = [
  'RoleEligibilitySchedule.Read.Directory',
  'RoleManagement.Read.Directory',
  'RoleManagement.Read.All',
  'RoleEligibilitySchedule.ReadWrite.Directory',
  'RoleManagement.ReadWrite.Directory',
];

const directoryRoleId = (templateId: string) => stableGuid(`directoryRole:${templateId}`);

function activatedRoles(tenant: TenantState) {
  return roleTemplates
    .filter((t) => tenant.activeHolders(t.id).length > 0)
    .map((t) => ({
      id: directoryRoleId(t.id),
      deletedDateTime: null,
      description: `${t.displayName} (lab)`,
      displayName: t.displayName,
      roleTemplateId: t.id,
    }));
}

function principal(tenant: TenantState, id: string): Record<string, unknown> | undefined {
  const user = tenant.users.get(id);
  if (user) return { '@odata.type': '#microsoft.graph.user', ...projectUser(user, defaultUserSelect) };
  const group = tenant.groups.get(id);
  if (group)
    return {
      '@odata.type': '#microsoft.graph.group',
      id: group.id,
      displayName: group.displayName,
      isAssignableToRole: group.isAssignableToRole,
    };
  const app = tenant.apps.find((a) => a.servicePrincipalId === id);
  if (app)
    return {
      '@odata.type': '#microsoft.graph.servicePrincipal',
      id: app.servicePrincipalId,
      appId: app.clientId,
      displayName: app.name,
    };
  return undefined;
}

export function listDirectoryRoles(ctx: RouteContext): GraphResponse {
  if (!hasAnyPermission(ctx.caller, readRoles)) return denied();
  if (ctx.req.query.has('$top')) return graphError(400, 'Request_UnsupportedQuery', graphMessages.customPageSize);
  return json(200, {
    '@odata.context': contextUrl(ctx, 'directoryRoles'),
    value: activatedRoles(ctx.tenant).map((r) => selectFields(r, ctx.req.query)),
  });
}

function findRole(ctx: RouteContext) {
  const raw = ctx.params.id ?? ctx.params.key ?? '';
  const byTemplate =
    /^\(roleTemplateId='?([0-9a-f-]+)'?\)$/i.exec(raw) ?? /^roleTemplateId='?([0-9a-f-]+)'?$/i.exec(raw);
  const roles = activatedRoles(ctx.tenant);
  return byTemplate ? roles.find((r) => r.roleTemplateId === byTemplate[1]) : roles.find((r) => r.id === raw);
}

export function getDirectoryRole(ctx: RouteContext): GraphResponse {
  if (!hasAnyPermission(ctx.caller, readRoles)) return denied();
  const role = findRole(ctx);
  if (!role) return notFound(ctx.params.id ?? ctx.params.key ?? '');
  return json(200, { '@odata.context': contextUrl(ctx, 'directoryRoles/$entity'), ...role });
}

export function listDirectoryRoleMembers(ctx: RouteContext): GraphResponse {
  if (!hasAnyPermission(ctx.caller, readRoles)) return denied();
  const role = findRole(ctx);
  if (!role) return notFound(ctx.params.id ?? ctx.params.key ?? '');
  // Only active direct members: PIM-eligible holders do not appear here (graph.md A7).
  const members = ctx.tenant
    .activeHolders(role.roleTemplateId)
    .map((h) => principal(ctx.tenant, h.id))
    .filter((m) => m !== undefined);
  return json(200, { '@odata.context': contextUrl(ctx, 'directoryObjects'), value: members });
}

export function listRoleDefinitions(ctx: RouteContext): GraphResponse {
  if (!hasAnyPermission(ctx.caller, readRoles)) return denied();
  const defs = roleTemplates.map((t) => ({
    id: t.id,
    description: `${t.displayName} (lab)`,
    displayName: t.displayName,
    isBuiltIn: true,
    isEnabled: true,
    resourceScopes: ['/'],
    rolePermissions: [],
    templateId: t.id,
    version: '1',
  }));
  return listCollection(
    ctx,
    defs,
    simpleSpec(
      'UnifiedRoleDefinition',
      'roleManagement/directory/roleDefinitions',
      ['id', 'templateId', 'displayName', 'isBuiltIn'],
      ctx.req.query,
    ),
  );
}

function expand(ctx: RouteContext, record: Record<string, unknown>): Record<string, unknown> {
  const wanted = (ctx.req.query.get('$expand') ?? '')
    .toLowerCase()
    .split(',')
    .map((s) => s.trim());
  const out = { ...record };
  if (wanted.includes('principal')) out.principal = principal(ctx.tenant, String(record.principalId)) ?? null;
  if (wanted.includes('roledefinition')) {
    const t = roleTemplate(String(record.roleDefinitionId));
    out.roleDefinition = t
      ? { id: t.id, displayName: t.displayName, templateId: t.id, isBuiltIn: true, isEnabled: true }
      : null;
  }
  return out;
}

export function listRoleAssignments(ctx: RouteContext): GraphResponse {
  if (!hasAnyPermission(ctx.caller, readRoles)) return denied();
  const rows = roleTemplates.flatMap((t) =>
    ctx.tenant.activeHolders(t.id).map((h) => ({
      id: stableGuid(`assignment:${t.id}:${h.id}`),
      principalId: h.id,
      roleDefinitionId: t.id,
      directoryScopeId: '/',
      appScopeId: null,
      condition: null,
      principalOrganizationId: ctx.tenant.tenantId,
    })),
  );
  const spec = simpleSpec(
    'UnifiedRoleAssignment',
    'roleManagement/directory/roleAssignments',
    ['principalId', 'roleDefinitionId', 'directoryScopeId'],
    ctx.req.query,
  );
  return listCollection(ctx, rows, { ...spec, project: (r) => expand(ctx, selectFields(r, ctx.req.query)) });
}

export function listRoleEligibilitySchedules(ctx: RouteContext): GraphResponse {
  if (!hasAnyPermission(ctx.caller, readEligibility)) return denied();
  if (!ctx.settings.licences.p2) {
    return graphError(403, 'AadPremiumLicenseRequired', 'The tenant needs an AAD Premium 2 license.');
  }
  const created = isoInstant(ctx.clock.now() - 90 * 86_400_000);
  const holders = [
    ...[...ctx.tenant.users.values()].map((u) => ({ id: u.id, roles: u.hidden.eligibleRoles })),
    ...[...ctx.tenant.groups.values()]
      .filter((g) => g.isAssignableToRole)
      .map((g) => ({ id: g.id, roles: g.eligibleRoles })),
  ];
  const rows = holders.flatMap((u) =>
    u.roles.map((roleId) => {
      const id = stableGuid(`eligibility:${roleId}:${u.id}`);
      return {
        id,
        principalId: u.id,
        roleDefinitionId: roleId,
        directoryScopeId: '/',
        appScopeId: null,
        memberType: 'Direct',
        status: 'Provisioned',
        scheduleInfo: {
          startDateTime: created,
          recurrence: null,
          expiration: { type: 'noExpiration', endDateTime: null, duration: null },
        },
        createdUsing: id,
        createdDateTime: created,
        modifiedDateTime: null,
      };
    }),
  );
  const spec = simpleSpec(
    'UnifiedRoleEligibilitySchedule',
    'roleManagement/directory/roleEligibilitySchedules',
    ['principalId', 'roleDefinitionId'],
    ctx.req.query,
  );
  return listCollection(ctx, rows, { ...spec, project: (r) => expand(ctx, selectFields(r, ctx.req.query)) });
}
