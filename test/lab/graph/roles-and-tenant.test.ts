// Privileged-identity discovery reads what Entra shows: activated directory roles with active
// direct members only, role assignments (users and service principals), PIM eligibility (P2),
// the organization's sync state, sync features, Conditional Access and authentication strengths.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningGraphEmulator } from '../../../src/lab/graph/graph-emulator.ts';
import { ROLE } from '../../../src/lab/graph/role-templates.ts';
import { graph, startTestEmulator, tokenFor } from './support/emulator-fixture.ts';

let emu: RunningGraphEmulator;
let token: string;
before(async () => {
  emu = await startTestEmulator();
});
beforeEach(async () => {
  emu.control.reset();
  token = await tokenFor(emu, 'reclaim');
});
after(() => emu.stop());

const id = (upn: string) => emu.control.getUser(upn)?.id;
const CLOUD = 'reclaimlab.onmicrosoft.com';

describe('graph emulator: directory roles and role management', () => {
  it('lists only activated roles, rejects $top, and lists active direct members (not eligible ones)', async () => {
    const roles = await graph(emu, token, 'GET', '/directoryRoles');
    const templates = roles.body.value.map((r: { roleTemplateId: string }) => r.roleTemplateId);
    assert.ok(templates.includes(ROLE.globalAdmin));
    assert.ok(!templates.includes(ROLE.securityReader), 'a role nobody holds is not activated');
    const top = await graph(emu, token, 'GET', '/directoryRoles?$top=5');
    assert.equal(top.status, 400);
    assert.equal(top.body.error.message, 'This resource does not support custom page sizes');
    const members = await graph(emu, token, 'GET', `/directoryRoles(roleTemplateId='${ROLE.globalAdmin}')/members`);
    const memberIds = members.body.value.map((m: { id: string }) => m.id);
    assert.ok(memberIds.includes(id(`ga.alice@${CLOUD}`)));
    assert.ok(!memberIds.includes(id(`pim.erin@${CLOUD}`)), 'eligible Erin is not a member');
    const ga = roles.body.value.find((r: { roleTemplateId: string }) => r.roleTemplateId === ROLE.globalAdmin);
    const byId = await graph(emu, token, 'GET', `/directoryRoles/${ga.id}/members`);
    assert.deepEqual(
      byId.body.value.map((m: { id: string }) => m.id),
      memberIds,
    );
  });

  it('shows service principals holding roles, and filters role assignments by principal with $expand=principal', async () => {
    const app = emu.apps.find((a) => a.name === 'reclaim-privileged');
    const members = await graph(
      emu,
      token,
      'GET',
      `/directoryRoles(roleTemplateId='${ROLE.privilegedAuthAdmin}')/members`,
    );
    assert.ok(
      members.body.value.some(
        (m: Record<string, string>) =>
          m['@odata.type'] === '#microsoft.graph.servicePrincipal' && m.appId === app?.clientId,
      ),
    );
    const alice = id(`ga.alice@${CLOUD}`);
    const r = await graph(
      emu,
      token,
      'GET',
      `/roleManagement/directory/roleAssignments?$filter=${encodeURIComponent(`principalId eq '${alice}'`)}&$expand=principal`,
    );
    assert.equal(r.body.value.length, 1);
    assert.equal(r.body.value[0].roleDefinitionId, ROLE.globalAdmin);
    assert.equal(r.body.value[0].directoryScopeId, '/');
    assert.equal(r.body.value[0].principal.userPrincipalName, `ga.alice@${CLOUD}`);
  });

  it('lists PIM eligibility schedules and refuses them without a P2 licence or the permission', async () => {
    const r = await graph(emu, token, 'GET', '/roleManagement/directory/roleEligibilitySchedules');
    const pairs = r.body.value.map((s: { principalId: string; roleDefinitionId: string }) => [
      s.principalId,
      s.roleDefinitionId,
    ]);
    assert.deepEqual(
      pairs.sort(),
      [
        [id(`pim.erin@${CLOUD}`), ROLE.globalAdmin],
        [id(`pim.frank@${CLOUD}`), ROLE.authAdmin],
      ].sort(),
    );
    assert.equal(
      (
        await graph(
          emu,
          await tokenFor(emu, 'reclaim-readonly'),
          'GET',
          '/roleManagement/directory/roleEligibilitySchedules',
        )
      ).status,
      403,
    );
    emu.control.updateSettings({ licences: { p1: true, p2: false } });
    assert.equal((await graph(emu, token, 'GET', '/roleManagement/directory/roleEligibilitySchedules')).status, 403);
  });

  it('reflects role changes made through the control API', async () => {
    emu.control.setRoles(`cloud.user001@${CLOUD}`, { active: [ROLE.securityReader] });
    const roles = await graph(emu, token, 'GET', '/directoryRoles');
    assert.ok(roles.body.value.some((r: { roleTemplateId: string }) => r.roleTemplateId === ROLE.securityReader));
    const r = await graph(emu, token, 'PATCH', `/users/cloud.user001@${CLOUD}`, {
      passwordProfile: { forceChangePasswordNextSignIn: true },
    });
    assert.equal(r.status, 403, 'a Security Reader is protected from a User Administrator');
  });

  it('lists role definitions with template ids', async () => {
    const r = await graph(
      emu,
      token,
      'GET',
      '/roleManagement/directory/roleDefinitions?$select=id,templateId,displayName',
    );
    const ga = r.body.value.find((d: { templateId: string }) => d.templateId === ROLE.globalAdmin);
    assert.equal(ga.displayName, 'Global Administrator');
    assert.deepEqual(Object.keys(ga).sort(), ['displayName', 'id', 'templateId']);
  });
});

describe('graph emulator: organization, sync features, Conditional Access', () => {
  it('reports directory sync as on, the verified domains, and the password sync features', async () => {
    const org = await graph(emu, token, 'GET', '/organization?$select=id,onPremisesSyncEnabled,verifiedDomains');
    assert.equal(org.body.value[0].id, emu.tenantId);
    assert.equal(org.body.value[0].onPremisesSyncEnabled, true);
    assert.ok(
      org.body.value[0].verifiedDomains.some(
        (d: { name: string; type: string }) => d.name === 'fed.lab.example' && d.type === 'Federated',
      ),
    );
    const sync = await graph(emu, token, 'GET', '/directory/onPremisesSynchronization');
    assert.equal(sync.body.value[0].features.passwordSyncEnabled, true);
    assert.equal(sync.body.value[0].features.passwordWritebackEnabled, false);
    emu.control.updateSettings({
      passwordWriteback: true,
      dirSync: { enabled: false, passwordSyncEnabled: false, userForcePasswordChangeOnLogonEnabled: false },
    });
    const again = await graph(emu, token, 'GET', '/directory/onPremisesSynchronization');
    assert.equal(
      again.body.value[0].features.passwordWritebackEnabled,
      false,
      'writeback stays invisible, as documented',
    );
    const org2 = await graph(emu, token, 'GET', '/organization');
    assert.equal(org2.body.value[0].onPremisesSyncEnabled, null);
  });

  it('lists Conditional Access policies with role targets and an inline authentication strength', async () => {
    const r = await graph(emu, token, 'GET', '/identity/conditionalAccess/policies');
    const admins = r.body.value.find((p: { displayName: string }) => /administrators/.test(p.displayName));
    assert.equal(admins.state, 'enabled');
    assert.ok(admins.conditions.users.includeRoles.includes(ROLE.globalAdmin));
    assert.deepEqual(admins.conditions.users.excludeUsers, [id(`breakglass01@${CLOUD}`)]);
    assert.deepEqual(admins.grantControls.authenticationStrength.allowedCombinations, [
      'windowsHelloForBusiness',
      'fido2',
      'x509CertificateMultiFactor',
    ]);
    const strengths = await graph(emu, token, 'GET', '/policies/authenticationStrengthPolicies');
    assert.equal(strengths.body.value.filter((s: { policyType: string }) => s.policyType === 'builtIn').length, 3);
  });
});
