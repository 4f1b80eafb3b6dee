// Every response body the emulator produces for the surface Reclaim uses matches the public v1.0
// metadata (docs/reference/graph-v1-subset.json): property names exist on the type, JSON
// types match the EDM types, enums hold known values, and no password is ever returned.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningGraphEmulator } from '../../../src/lab/graph/graph-emulator.ts';
import { userProperties, singleUserOnly } from '../../../src/lab/graph/user-projection.ts';
import { graph, raw, startTestEmulator, tokenFor } from './support/emulator-fixture.ts';
import { checkEntity, referenceTypes } from './support/reference-schema.ts';

let emu: RunningGraphEmulator;
let token: string;
let admin: string;
before(async () => {
  emu = await startTestEmulator();
  // shapes, not limits (throttling.test.ts tests them): sign-in activity reads here would otherwise
  // spend the reports limit the registration report and the method calls below draw from
  emu.control.updateSettings({ signInActivityCountsAsReport: false });
  token = await tokenFor(emu, 'reclaim');
  const app = emu.apps.find((a) => a.name === 'reclaim');
  const r = await raw(`${emu.url}/${emu.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: app?.clientId ?? '',
      grant_type: 'password',
      username: 'paa.bob@reclaimlab.onmicrosoft.com',
      password: 'Lab-Bob-2024!',
      scope: 'https://graph.microsoft.com/.default',
    }).toString(),
  });
  admin = r.body.access_token;
});
after(() => emu.stop());

const CLOUD = 'reclaimlab.onmicrosoft.com';
const sampleUsers = [
  `ga.alice@${CLOUD}`,
  `cloud.user001@${CLOUD}`,
  'hybrid.fixture1@lab.example',
  `partner_example.net#EXT#@${CLOUD}`,
  `breakglass01@${CLOUD}`,
];

function conforms(body: unknown, type: string, label: string, collection = true): void {
  const errors: string[] = [];
  const items = collection ? (body as { value?: unknown[] }).value : [body];
  assert.ok(Array.isArray(items) && items.length > 0, `${label}: no items to check`);
  items.forEach((item, i) => {
    checkEntity(item, type, `${label}[${i}]`, errors);
  });
  assert.deepEqual(errors, [], `${label} does not match the reference:\n${errors.join('\n')}`);
}

async function ok(path: string, t = token, method = 'GET', body?: unknown) {
  const r = await graph(emu, t, method, path, body);
  assert.ok(r.status >= 200 && r.status < 300, `${method} ${path}: ${r.status} ${r.text}`);
  return r.body;
}

describe('graph emulator: conformance to the v1.0 reference', () => {
  it('reads the reference the checks rely on', () => {
    for (const t of [
      'user',
      'temporaryAccessPassAuthenticationMethod',
      'userRegistrationDetails',
      'conditionalAccessPolicy',
    ])
      assert.ok(referenceTypes().includes(t));
  });

  it('users: every list property with $select, every property of single users, and the default set', async () => {
    const listable = userProperties.filter((p) => !singleUserOnly.has(p));
    conforms(await ok(`/users?$select=${listable.join(',')}&$top=500`), 'user', 'GET /users ($select all)');
    conforms(await ok('/users?$top=999'), 'user', 'GET /users');
    for (const upn of sampleUsers) {
      conforms(
        await ok(`/users/${encodeURIComponent(upn)}?$select=${userProperties.join(',')}`),
        'user',
        `GET /users/${upn}`,
        false,
      );
      conforms(await ok(`/users/${encodeURIComponent(upn)}`), 'user', `GET /users/${upn} default`, false);
    }
  });

  it('authentication methods, Temporary Access Pass, its policy and registration details', async () => {
    // shapes, not limits: these method calls would exceed the 5 per 10 s they share
    emu.control.updateSettings({ authMethodsBucket: 'identity' });
    for (const upn of sampleUsers.slice(0, 3))
      conforms(await ok(`/users/${upn}/authentication/methods`), 'authenticationMethod', `methods of ${upn}`);
    const created = await ok(`/users/cloud.user002@${CLOUD}/authentication/temporaryAccessPassMethods`, token, 'POST', {
      lifetimeInMinutes: 60,
    });
    conforms(created, 'temporaryAccessPassAuthenticationMethod', 'POST TAP', false);
    conforms(
      await ok(`/users/cloud.user002@${CLOUD}/authentication/temporaryAccessPassMethods`),
      'temporaryAccessPassAuthenticationMethod',
      'GET TAPs',
    );
    conforms(
      await ok(`/users/cloud.user002@${CLOUD}/authentication/methods`),
      'authenticationMethod',
      'methods with a TAP',
    );
    conforms(
      await ok('/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass'),
      'temporaryAccessPassAuthenticationMethodConfiguration',
      'TAP policy',
      false,
    );
    conforms(
      await ok('/reports/authenticationMethods/userRegistrationDetails'),
      'userRegistrationDetails',
      'userRegistrationDetails',
    );
    emu.control.updateSettings({ authMethodsBucket: 'reports' });
  });

  it('resetPassword answer and its long-running operation', async () => {
    // shapes, not limits: the sign-in activity read above drew from the reports limit this call shares
    emu.control.updateSettings({ authMethodsBucket: 'identity' });
    const r = await graph(
      emu,
      admin,
      'POST',
      `/users/cloud.user003@${CLOUD}/authentication/methods/28c10230-6103-485e-b985-444c60001490/resetPassword`,
      {},
    );
    assert.equal(r.status, 202);
    conforms(r.body, 'passwordResetResponse', 'resetPassword', false);
    const op = await raw(r.headers.location ?? '', { headers: { authorization: `Bearer ${admin}` } });
    conforms(op.body, 'longRunningOperation', 'operation', false);
    emu.control.updateSettings({ authMethodsBucket: 'reports' });
  });

  it('roles, role assignments, eligibility schedules and role definitions', async () => {
    conforms(await ok('/directoryRoles'), 'directoryRole', 'directoryRoles');
    conforms(
      await ok("/directoryRoles(roleTemplateId='62e90394-69f5-4237-9190-012177145e10')/members"),
      'user',
      'role members',
    );
    conforms(
      await ok('/roleManagement/directory/roleAssignments?$expand=principal,roleDefinition'),
      'unifiedRoleAssignment',
      'roleAssignments',
    );
    conforms(
      await ok('/roleManagement/directory/roleEligibilitySchedules'),
      'unifiedRoleEligibilitySchedule',
      'roleEligibilitySchedules',
    );
    conforms(await ok('/roleManagement/directory/roleDefinitions'), 'unifiedRoleDefinition', 'roleDefinitions');
  });

  it('organization, sync features, Conditional Access and authentication strengths', async () => {
    conforms(await ok('/organization'), 'organization', 'organization');
    conforms(
      await ok('/directory/onPremisesSynchronization'),
      'onPremisesDirectorySynchronization',
      'onPremisesSynchronization',
    );
    conforms(await ok('/identity/conditionalAccess/policies'), 'conditionalAccessPolicy', 'CA policies');
    conforms(
      await ok('/policies/authenticationStrengthPolicies'),
      'authenticationStrengthPolicy',
      'authentication strengths',
    );
  });

  it('every error has the A10 shape: code, message, innerError {date without Z, request-id, client-request-id} matching the headers', async () => {
    const readonly = await tokenFor(emu, 'reclaim-readonly');
    const answers = [
      await graph(emu, token, 'GET', '/users?$skip=1'),
      await graph(emu, 'not-a-token', 'GET', '/users'),
      await graph(emu, readonly, 'GET', '/organization'),
      await graph(emu, token, 'GET', '/users/nobody@lab.example'),
      await graph(emu, token, 'DELETE', '/organization'),
      await graph(emu, token, 'GET', '/users?$select=aboutMe'),
      await graph(emu, token, 'GET', '/nowhere'),
    ];
    const batch = await graph(
      emu,
      token,
      'POST',
      '/$batch',
      {
        requests: [
          { id: '1', method: 'GET', url: '/users/nobody@lab.example' },
          { id: '2', method: 'GET', url: '/users?$top=1', dependsOn: ['1'] },
          { id: '3', method: 'GET', url: 'users' },
        ],
      },
      { 'client-request-id': 'outer-id' },
    );
    const items = batch.body.responses.map((x: { status: number; headers: Record<string, string>; body: unknown }) => ({
      status: x.status,
      headers: x.headers,
      body: x.body,
    }));
    assert.deepEqual(
      answers.map((a) => a.status),
      [400, 401, 403, 404, 405, 501, 400],
    );
    assert.deepEqual(items.map((i: { status: number }) => i.status).sort(), [400, 404, 424]);
    for (const a of [...answers.map((x) => ({ status: x.status, headers: x.headers, body: x.body })), ...items]) {
      const e = a.body?.error;
      assert.equal(typeof e?.code, 'string', JSON.stringify(a.body));
      assert.equal(typeof e.message, 'string');
      assert.match(e.innerError.date, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
      assert.equal(e.innerError['request-id'], a.headers['request-id']);
      assert.equal(e.innerError['client-request-id'], a.headers['client-request-id']);
    }
  });

  it('the checker itself fails on a wrong type, an unknown property and a returned password', () => {
    const errors: string[] = [];
    checkEntity(
      { id: 'x', accountEnabled: 'yes', favouriteColour: 'blue', passwordProfile: { password: 'leak' } },
      'user',
      'probe',
      errors,
    );
    assert.equal(errors.length, 3, errors.join('\n'));
  });
});
