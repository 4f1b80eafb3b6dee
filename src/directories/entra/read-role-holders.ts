// Who holds an Entra directory role, active or PIM-eligible (graph.md A7), directly or as a member
// of a role-assignable group (read-group-role-holders.ts): every holder counts as privileged,
// because an eligible admin can activate the role at any time.
import type { PrivilegeReason } from '../../core/identity.ts';
import type { GraphApi } from './graph-api.ts';
import { tolerated } from './tolerated-refusal.ts';
import { expandGroupRoleHolders } from './read-group-role-holders.ts';

/** Names of the well-known role templates, for when roleDefinitions cannot be read. */
const wellKnownRoleNames: Record<string, string> = {
  '62e90394-69f5-4237-9190-012177145e10': 'Global Administrator',
  'e8611ab8-c189-46e8-94e1-60213ab1f814': 'Privileged Role Administrator',
  '7be44c8a-adaf-4e2a-84d6-ab2649e08a13': 'Privileged Authentication Administrator',
  'c4e39bd9-1100-46d3-8c65-fb160da0071f': 'Authentication Administrator',
  'fe930be7-5e62-47db-91af-98c3a49a38b1': 'User Administrator',
  '729827e3-9c14-49f7-bb1b-9608f156bbb8': 'Helpdesk Administrator',
  '966707d0-3269-4727-9be2-8c3a10f19b9d': 'Password Administrator',
  '194ae4cb-b126-40b2-bd5b-6091b380977d': 'Security Administrator',
  '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2': 'Hybrid Identity Administrator',
  'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9': 'Conditional Access Administrator',
  'f2ef992c-3afb-46b9-b7cf-a126ee74c451': 'Global Reader',
  'd29b2b05-8046-44ba-8758-1e26182fcf32': 'Directory Synchronization Accounts',
};

export interface RoleHolders {
  /** principal id -> why it is privileged */
  byPrincipal: Map<string, PrivilegeReason[]>;
  /** principal id -> role definition (template) ids held, active or eligible */
  roleIds: Map<string, Set<string>>;
  /** what could not be read (e.g. eligibility without an Entra ID P2 licence) */
  gaps: string[];
}

interface Assignment {
  principalId?: string;
  roleDefinitionId?: string;
}

export async function readRoleHolders(graph: GraphApi): Promise<RoleHolders> {
  const gaps: string[] = [];
  const names = new Map(Object.entries(wellKnownRoleNames));
  try {
    for await (const page of graph.pages<{ id?: string; templateId?: string; displayName?: string }>(
      '/roleManagement/directory/roleDefinitions?$select=id,templateId,displayName',
      'reading role definitions',
    )) {
      for (const d of page)
        if (d.displayName) for (const id of [d.id, d.templateId]) if (id) names.set(id, d.displayName);
    }
  } catch (error) {
    gaps.push(`role names: ${tolerated(error).message}`);
  }
  const byPrincipal = new Map<string, PrivilegeReason[]>();
  const roleIds = new Map<string, Set<string>>();
  const add = (a: Assignment, assignment: 'active' | 'eligible') => {
    if (!a.principalId || !a.roleDefinitionId) return;
    const reasons = byPrincipal.get(a.principalId) ?? [];
    const name = names.get(a.roleDefinitionId) ?? a.roleDefinitionId;
    if (!reasons.some((r) => r.name === name && r.assignment === assignment))
      reasons.push({ source: 'entra-role', name, assignment });
    byPrincipal.set(a.principalId, reasons);
    roleIds.set(a.principalId, (roleIds.get(a.principalId) ?? new Set()).add(a.roleDefinitionId));
  };
  // Active assignments are required: without them privileged identities cannot be told apart.
  for await (const page of graph.pages<Assignment>(
    '/roleManagement/directory/roleAssignments',
    'reading active role assignments',
  )) {
    for (const a of page) add(a, 'active');
  }
  try {
    for await (const page of graph.pages<Assignment>(
      '/roleManagement/directory/roleEligibilitySchedules',
      'reading eligible role assignments',
    )) {
      for (const a of page) add(a, 'eligible');
    }
  } catch (error) {
    // PIM needs Entra ID P2: without it nobody is eligible, but say that it was not read.
    gaps.push(`eligible roles: ${tolerated(error).message}`);
  }
  await expandGroupRoleHolders(graph, byPrincipal, roleIds, gaps);
  return { byPrincipal, roleIds, gaps };
}
