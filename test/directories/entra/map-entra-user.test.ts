import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapEntraUser, mapRegistration } from '../../../src/directories/entra/map-entra-user.ts';
import { phishingResistantCoverage } from '../../../src/directories/entra/phishing-resistant-coverage.ts';

describe('Entra user to Identity', () => {
  it('keys on the object id and keeps the on-premises join keys', () => {
    const identity = mapEntraUser(
      'entra',
      {
        id: 'obj-1',
        userPrincipalName: 'ada@lab.test',
        accountEnabled: true,
        onPremisesSyncEnabled: true,
        onPremisesImmutableId: 'imm',
        onPremisesSecurityIdentifier: 'S-1-5-21-1-2-3-1105',
        onPremisesSamAccountName: 'ada',
        passwordPolicies: 'DisableStrongPassword, DisablePasswordExpiration',
        lastPasswordChangeDateTime: '2026-01-01T00:00:00Z',
        passwordProfile: { forceChangePasswordNextSignInWithMfa: true },
      },
      [{ source: 'entra-role', name: 'User Administrator', assignment: 'eligible' }],
      mapRegistration({ isMfaRegistered: true, methodsRegistered: ['fido2'] }),
    );
    assert.equal(identity.key, 'obj-1');
    assert.equal(identity.name, 'ada@lab.test');
    assert.equal(identity.onPremisesImmutableId, 'imm');
    assert.equal(identity.onPremisesSecurityIdentifier, 'S-1-5-21-1-2-3-1105');
    assert.equal(identity.onPremisesSyncEnabled, true);
    assert.equal(identity.passwordNeverExpires, true);
    assert.equal(identity.mustChangePassword, true);
    assert.equal(identity.passwordLastSetAt, '2026-01-01T00:00:00Z');
    assert.equal(identity.privileged[0]?.assignment, 'eligible');
    assert.deepEqual(identity.registration, {
      ssprRegistered: false,
      mfaRegistered: true,
      phishingResistant: true,
      methods: ['fido2'],
    });
    assert.equal(identity.attributes.onPremisesSamAccountName, 'ada');
  });

  it('a cloud-only, never-synced user is not synced and has no registration when the report was unavailable', () => {
    const identity = mapEntraUser('entra', { id: 'obj-2', onPremisesSyncEnabled: null, accountEnabled: false });
    assert.equal(identity.onPremisesSyncEnabled, false);
    assert.equal(identity.enabled, false);
    assert.equal(identity.registration, undefined);
    assert.equal(identity.name, 'obj-2');
  });
});

describe('phishing-resistant MFA coverage of admins', () => {
  const strengths = [
    { id: 'pr', allowedCombinations: ['fido2', 'windowsHelloForBusiness', 'x509CertificateMultiFactor'] },
    { id: 'mfa', allowedCombinations: ['password,sms', 'fido2'] },
  ];
  const policy = (over: object) => ({
    id: 'p',
    displayName: 'Admins phishing-resistant',
    state: 'enabled',
    conditions: {
      users: { includeRoles: ['role-ga'], excludeUsers: ['breakglass'] },
      applications: { includeApplications: ['All'] },
    },
    grantControls: { authenticationStrength: { id: 'pr' } },
    ...over,
  });

  it('covers holders of the included roles, except excluded users', () => {
    const coverage = phishingResistantCoverage([policy({})], strengths);
    assert.equal(coverage.isCovered('u1', ['role-ga']), true);
    assert.equal(coverage.isCovered('u1', ['role-other']), false);
    assert.equal(coverage.isCovered('breakglass', ['role-ga']), false);
    assert.deepEqual(coverage.policies, ['Admins phishing-resistant']);
  });

  it('report-only policies and strengths that allow phishable methods do not count', () => {
    assert.equal(
      phishingResistantCoverage([policy({ state: 'enabledForReportingButNotEnforced' })], strengths).isCovered('u1', [
        'role-ga',
      ]),
      false,
    );
    assert.equal(
      phishingResistantCoverage(
        [policy({ grantControls: { authenticationStrength: { id: 'mfa' } } })],
        strengths,
      ).isCovered('u1', ['role-ga']),
      false,
    );
  });
});
