// Roles held through a group: a role assigned (active or PIM-eligible) to a role-assignable group is
// held by every member of the group, and an eligible member (PIM for Groups) can activate the
// membership at any time, so members and eligible members are privileged like direct holders
// (https://learn.microsoft.com/en-us/entra/identity/role-based-access-control/groups-concept,
// https://learn.microsoft.com/en-us/entra/id-governance/privileged-identity-management/concept-pim-for-groups).
import type { PrivilegeReason } from '../../core/identity.ts';
import type { GraphApi } from './graph-api.ts';
import { tolerated } from './tolerated-refusal.ts';

interface GroupHolder {
  reasons: PrivilegeReason[];
  roleIds: Set<string>;
}

/**
 * Adds to byPrincipal/roleIds the members of every role-assignable group that holds a role. A
 * membership that is only eligible makes every role of the group 'eligible' for that member.
 */
export async function expandGroupRoleHolders(
  graph: GraphApi,
  byPrincipal: Map<string, PrivilegeReason[]>,
  roleIds: Map<string, Set<string>>,
  gaps: string[],
): Promise<void> {
  const groups: Array<{ id: string; displayName: string; holder: GroupHolder }> = [];
  try {
    for await (const page of graph.pages<{ id?: string; displayName?: string }>(
      '/groups?$filter=isAssignableToRole eq true&$select=id,displayName',
      'reading role-assignable groups',
    )) {
      for (const g of page) {
        const reasons = g.id ? byPrincipal.get(g.id) : undefined;
        if (g.id && reasons)
          groups.push({
            id: g.id,
            displayName: g.displayName ?? g.id,
            holder: { reasons, roleIds: roleIds.get(g.id) ?? new Set() },
          });
      }
    }
  } catch (error) {
    gaps.push(`roles held through groups: ${tolerated(error).message}`);
    return;
  }
  for (const group of groups) {
    const members = new Map<string, 'active' | 'eligible'>();
    try {
      for await (const page of graph.pages<{ id?: string; '@odata.type'?: string }>(
        `/groups/${encodeURIComponent(group.id)}/transitiveMembers?$select=id`,
        `reading the members of ${group.displayName}`,
      )) {
        for (const m of page)
          if (m.id && (m['@odata.type'] ?? '#microsoft.graph.user') === '#microsoft.graph.user')
            members.set(m.id, 'active');
      }
    } catch (error) {
      gaps.push(`members of ${group.displayName}: ${tolerated(error).message}`);
    }
    try {
      const path = `/identityGovernance/privilegedAccess/group/eligibilitySchedules?$filter=groupId eq '${group.id}'`;
      for await (const page of graph.pages<{ principalId?: string; accessId?: string }>(
        path,
        `reading eligible members of ${group.displayName}`,
      )) {
        for (const e of page)
          if (e.principalId && e.accessId === 'member' && !members.has(e.principalId))
            members.set(e.principalId, 'eligible');
      }
    } catch (error) {
      // PIM for Groups needs Entra ID P2 and PrivilegedEligibilitySchedule.Read.AzureADGroup
      gaps.push(`eligible members of ${group.displayName}: ${tolerated(error).message}`);
    }
    for (const [memberId, membership] of members) {
      const reasons = byPrincipal.get(memberId) ?? [];
      for (const r of group.holder.reasons) {
        const assignment = membership === 'eligible' ? 'eligible' : (r.assignment ?? 'active');
        const via = [`group ${group.displayName}${membership === 'eligible' ? ' (eligible membership)' : ''}`];
        if (!reasons.some((x) => x.name === r.name && x.assignment === assignment && x.via?.[0] === via[0]))
          reasons.push({ source: 'entra-role', name: r.name, assignment, via });
      }
      byPrincipal.set(memberId, reasons);
      const ids = roleIds.get(memberId) ?? new Set<string>();
      for (const id of group.holder.roleIds) ids.add(id);
      roleIds.set(memberId, ids);
    }
  }
}
