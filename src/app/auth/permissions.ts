// The console's permission matrix: which roles may do what. Every route names one permission, and
// test/server/permission-matrix.test.ts calls every route as every role against this table.
import type { OperatorRole } from '../../store/database.ts';

export const permissions = {
  'dashboard.read': ['viewer', 'helpdesk', 'operator', 'commander', 'admin'],
  'identity.read': ['helpdesk', 'operator', 'commander', 'admin'],
  'helpdesk.verify': ['helpdesk', 'operator', 'commander', 'admin'],
  'helpdesk.credential': ['helpdesk', 'operator', 'commander', 'admin'],
  // SAFETY: a privileged identity's credential is an escalation: never the helpdesk's call.
  'helpdesk.credential.privileged': ['operator', 'commander', 'admin'],
  'plan.read': ['operator', 'commander', 'admin'],
  'plan.author': ['operator', 'commander', 'admin'],
  'plan.approve': ['operator', 'commander', 'admin'],
  // a single-use token that proves the signed-in operator to one approving CLI command
  'cli.token': ['operator', 'commander', 'admin'],
  'campaign.pause': ['operator', 'commander', 'admin'],
  'campaign.resume': ['commander', 'admin'],
  // creating console accounts (CLI `reclaim operator add`): accounts are what approvals count
  'operator.manage': ['commander', 'admin'],
  'audit.read': ['operator', 'commander', 'admin'],
  // manual tasks (privileged resets, service account rotations): the people who run the campaign
  'tasks.read': ['operator', 'commander', 'admin'],
  'tasks.assign': ['operator', 'commander', 'admin'],
  'tasks.done': ['operator', 'commander', 'admin'],
} as const satisfies Record<string, readonly OperatorRole[]>;

export type Permission = keyof typeof permissions;

export function allows(role: OperatorRole, permission: Permission): boolean {
  return (permissions[permission] as readonly OperatorRole[]).includes(role);
}
