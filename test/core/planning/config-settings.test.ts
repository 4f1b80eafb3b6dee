// The parsed configuration feeds the planner through campaignSettings, the mapping `reclaim plan`
// uses: the additive settings (custom rules, alternatives, shifts, call rates, readiness inputs,
// krbtgt) reach the plan.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkConfigText } from '../../../src/app/config/load-config.ts';
import { starterConfig } from '../../../src/app/config/starter-config.ts';
import { campaignSettings } from '../../../src/app/campaign/campaign-settings.ts';
import { planCampaign } from '../../../src/core/planning/plan-campaign.ts';
import { decideTriage } from '../../../src/core/triage/decide-triage.ts';
import { aHybridPerson, anIdentity, now, sha256 } from '../support/an-identity.ts';

const yaml = `${starterConfig}
readiness:
  passwordWritebackEnabled: true
  tapPolicyEnabled: false
krbtgt:
  maxTicketLifetimeHours: 4
  replicationHours: 0.5
`.replace(
  '  inactiveDays: 90\n',
  `  inactiveDays: 90
  alternatives: { vpnCertificate: passwordPolicyExpiry }
  rules:
    - id: field-staff
      description: field staff sign in to the VPN with their password
      segment: vpnPassword
      when: { attribute: { name: employeeType, equals: field } }
`,
);

describe('configuration to plan', () => {
  it('the starter config, extended with the planning settings, validates and plans', () => {
    const result = checkConfigText(yaml);
    assert.equal(result.ok, true, JSON.stringify(!result.ok && result.problems));
    if (!result.ok) return;
    const config = result.config;
    const triage = decideTriage(
      { indicators: { adDatabaseStaged: { answer: true } }, knownCompromisedAccounts: [] },
      { answeredBy: 'x', answeredAt: now },
    );
    const identities = [
      anIdentity({ name: 'field1', employeeType: 'field' }),
      anIdentity({ name: 'krbtgt', accountType: 'krbtgt' }),
      anIdentity({ name: 'svc-reclaim' }),
    ];
    const directories = config.directories.map((d) => ({
      id: d.id,
      kind: d.kind,
      writesPerSecond: config.engine.writesPerSecond[d.id],
    }));
    const plan = planCampaign({
      identities,
      triage,
      settings: campaignSettings(config),
      directories,
      startAt: '2026-11-26T08:00:00.000Z',
      now,
      hash: sha256,
    });
    assert.equal(plan.assignments.find((a) => a.name === 'field1')?.ruleId, 'field-staff');
    assert.equal(plan.krbtgt[1]?.at, '2026-11-26T12:30:00.000Z');
    assert.deepEqual(
      plan.protected.map((p) => p.name),
      ['svc-reclaim'],
    );
    assert.equal(plan.alternatives.find((a) => a.segment === 'vpnCertificate')?.chosen, true);
  });

  it("the readiness inputs reach the treatments: writeback and cloud sign-in from the config decide a hybrid user's treatment", () => {
    const triage = decideTriage(
      { indicators: {}, knownCompromisedAccounts: ['hana'] },
      { answeredBy: 'x', answeredAt: now },
    );
    assert.equal(triage.assurance.value, 'standard');
    const registration = {
      ssprRegistered: true,
      mfaRegistered: false,
      phishingResistant: false,
      methods: ['mobilePhone'],
    };
    const treatmentOf = (readiness: string) => {
      const result = checkConfigText(`${starterConfig}\nreadiness: { ${readiness} }\n`);
      assert.equal(result.ok, true, JSON.stringify(!result.ok && result.problems));
      if (!result.ok) return undefined;
      const directories = result.config.directories.map((d) => ({ id: d.id, kind: d.kind }));
      const plan = planCampaign({
        identities: aHybridPerson('hana', { registration }),
        triage,
        settings: campaignSettings(result.config),
        directories,
        startAt: '2026-11-26T08:00:00.000Z',
        now,
        hash: sha256,
      });
      return plan.assignments.find((a) => a.name === 'hana')?.treatment;
    };
    assert.equal(treatmentOf('passwordWritebackEnabled: true'), 'hybridForceChange');
    assert.equal(treatmentOf('passwordWritebackEnabled: false'), 'hybridAdminReset');
    assert.equal(
      treatmentOf('forceChangeSyncEnabled: true'),
      'hybridAdminReset',
      'writeback unknown: never the cloud force change',
    );
    assert.equal(treatmentOf('passwordWritebackEnabled: true, cloudSignIn: passThrough'), 'hybridAdGoverned');
    assert.equal(
      treatmentOf(
        'passwordWritebackEnabled: true, cloudSignIn: passwordHashSync, cloudSignInDomains: { CORP.example: federated }',
      ),
      'hybridAdGoverned',
    );
    const bad = checkConfigText(`${starterConfig}\nreadiness: { cloudSignIn: adfs }\n`);
    assert.equal(bad.ok, false);
  });

  it('a custom rule with an unknown segment is reported with its line', () => {
    const bad = yaml.replace('segment: vpnPassword', 'segment: somewhere');
    const result = checkConfigText(bad);
    assert.equal(result.ok, false);
    if (result.ok) return;
    const problem = result.problems.find((p) => p.path === 'segments.rules.0.segment');
    assert.ok(problem?.line && bad.split('\n')[problem.line - 1]?.includes('somewhere'));
  });
});
