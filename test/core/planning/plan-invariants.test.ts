// Properties of every plan, whatever the population: one treatment per in-scope identity, no
// protected identity in any wave, no wave above helpdesk capacity, privileged before the rest,
// high assurance never relies on SSPR.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Identity } from '../../../src/core/identity.ts';
import { planCampaign } from '../../../src/core/planning/plan-campaign.ts';
import { plannedOperations } from '../../../src/core/planning/planned-operations.ts';
import { tierOf } from '../../../src/core/segmentation/segments.ts';
import { treatmentInfo } from '../../../src/core/segmentation/treatments.ts';
import { decideTriage, type TriageAnswers } from '../../../src/core/triage/decide-triage.ts';
import { triageIndicatorIds } from '../../../src/core/triage/triage-questions.ts';
import { anIdentity, directories, now, settings, sha256 } from '../support/an-identity.ts';

const groups = [
  'CN=VPN-Cert,OU=Groups,DC=corp,DC=example',
  'CN=VPN-Password,OU=Groups,DC=corp,DC=example',
  'CN=Do-Not-Touch,OU=Groups,DC=corp,DC=example',
  'CN=Staff,DC=corp,DC=example',
];
const names = ['bg-admin', 'svc-reclaim', 'MSOL_0a1b2c3d4e5f', 'svc-sql', 'krbtgt', 'alice', 'bob', 'carol', 'dave'];

const person = fc.record({
  name: fc.oneof(fc.constantFrom(...names), fc.stringMatching(/^[a-z]{1,8}$/)),
  cloud: fc.boolean(),
  linked: fc.boolean(),
  computer: fc.boolean(),
  enabled: fc.boolean(),
  adminCount: fc.boolean(),
  domainAdmin: fc.boolean(),
  entraRole: fc.boolean(),
  smartcard: fc.boolean(),
  pne: fc.boolean(),
  spn: fc.boolean(),
  stale: fc.boolean(),
  groups: fc.subarray(groups),
  department: fc.constantFrom('Sales', 'IT', 'Ops', 'Field'),
  sspr: fc.boolean(),
});

type Person = typeof person extends fc.Arbitrary<infer T> ? T : never;

function toIdentities(people: Person[]): Identity[] {
  const out: Identity[] = [];
  people.forEach((p, i) => {
    const registration = { ssprRegistered: p.sspr, mfaRegistered: p.sspr, phishingResistant: false, methods: [] };
    const entraPrivileged = p.entraRole
      ? [{ source: 'entra-role', name: 'Global Administrator', assignment: 'active' as const }]
      : [];
    const common = {
      enabled: p.enabled,
      department: p.department,
      lastLogonAt: p.stale ? '2025-01-01T00:00:00.000Z' : '2026-11-20T00:00:00.000Z',
    };
    if (p.cloud) {
      out.push(
        anIdentity({
          name: `${p.name}@corp.example`,
          kind: 'entra',
          directory: 'cloud',
          key: `c${i}`,
          registration,
          privileged: entraPrivileged,
          ...common,
        }),
      );
      return;
    }
    out.push(
      anIdentity({
        name: p.name === 'krbtgt' && i > 0 ? `${p.name}${i}` : p.name,
        key: `a${i}`,
        accountType: p.name === 'krbtgt' && i === 0 ? 'krbtgt' : p.computer ? 'computer' : 'user',
        adminCount: p.adminCount ? 1 : 0,
        privileged: p.domainAdmin ? [{ source: 'RID 512', name: 'Domain Admins' }] : [],
        smartcardRequired: p.smartcard,
        passwordNeverExpires: p.pne,
        servicePrincipalNames: p.spn ? ['HTTP/app'] : [],
        memberOf: p.groups,
        ...common,
        ...(p.linked ? { linkedTo: { directory: 'cloud', key: `l${i}` } } : {}),
      }),
    );
    if (p.linked) {
      out.push(
        anIdentity({
          name: `${p.name}@corp.example`,
          kind: 'entra',
          directory: 'cloud',
          key: `l${i}`,
          onPremisesSyncEnabled: true,
          linkedTo: { directory: 'corp', key: `a${i}` },
          registration,
          privileged: entraPrivileged,
          ...common,
        }),
      );
    }
  });
  return out;
}

const triageAnswers = fc.record({
  yes: fc.subarray([...triageIndicatorIds], { minLength: 1 }),
  agents: fc.integer({ min: 1, max: 3 }),
  perHour: fc.constantFrom(0.25, 0.5, 1, 3, 6),
  deadline: fc.integer({ min: 8, max: 96 }),
  maxSize: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
});

type Scenario = typeof triageAnswers extends fc.Arbitrary<infer T> ? T : never;

function planFor(people: Person[], t: Scenario) {
  const answers: TriageAnswers = {
    indicators: Object.fromEntries(t.yes.map((id) => [id, { answer: true }])),
    knownCompromisedAccounts: ['alice'],
  };
  const decision = decideTriage(answers, { answeredBy: 'p', answeredAt: now });
  const identities = toIdentities(people);
  const s = settings({
    helpdesk: { agents: t.agents, callsPerAgentHour: t.perHour, hoursPerDay: 8 },
    waves: { groupBy: 'department', deadlineHours: t.deadline, reminderHours: [4], graceHours: 1, maxSize: t.maxSize },
  });
  return {
    identities,
    decision,
    plan: planCampaign({
      identities,
      triage: decision,
      settings: s,
      directories,
      startAt: '2026-11-26T08:00:00.000Z',
      now,
      hash: sha256,
    }),
  };
}

const runs = { numRuns: 100 };

describe('plan invariants (property-based)', () => {
  it('every in-scope identity gets exactly one treatment; nothing is lost', () => {
    fc.assert(
      fc.property(fc.array(person, { maxLength: 40 }), triageAnswers, (people, t) => {
        const { identities, plan } = planFor(people, t);
        const seen = new Set<string>();
        for (const a of plan.assignments) {
          const id = `${a.directory}:${a.key}`;
          assert.ok(!seen.has(id), `${id} assigned twice`);
          seen.add(id);
          assert.ok(treatmentInfo[a.treatment], 'a known treatment');
        }
        // each person (a hybrid pair counts once) is assigned, protected, unmanageable or out of scope
        const persons = identities.filter((i) => !(i.kind === 'entra' && i.linkedTo)).length;
        assert.equal(
          plan.assignments.length + plan.protected.length + plan.unmanageable.length + plan.outOfScope.count,
          persons,
        );
      }),
      runs,
    );
  });

  it('no protected identity is in any wave, nor in any planned operation', () => {
    fc.assert(
      fc.property(fc.array(person, { maxLength: 40 }), triageAnswers, (people, t) => {
        const { plan } = planFor(people, t);
        const protectedIds = new Set(plan.protected.map((p) => `${p.directory}:${p.key}`));
        for (const a of plan.assignments) assert.ok(!protectedIds.has(`${a.directory}:${a.key}`));
        for (const op of plannedOperations(plan)) {
          const ref = op.type === 'task' ? op.identity : op.action.identity;
          assert.ok(!protectedIds.has(`${ref.directory}:${ref.key}`), `${ref.name} is protected`);
          assert.ok(!/^(bg-admin|svc-reclaim|MSOL_)/i.test(ref.name), `${ref.name} reached an operation`);
        }
      }),
      runs,
    );
  });

  it('no wave expects more calls than the helpdesk can take before its deadline, nor exceeds the size cap', () => {
    const user = person.map((p) => ({
      ...p,
      computer: false,
      enabled: true,
      adminCount: false,
      domainAdmin: false,
      entraRole: false,
      stale: false,
    }));
    fc.assert(
      // mostly plain enabled users, so that waves are really limited by the helpdesk
      fc.property(
        fc.array(fc.oneof(user, user, person), { minLength: 1, maxLength: 120, size: 'max' }),
        triageAnswers,
        fc.boolean(),
        (people, t, high) => {
          const { plan } = planFor(people, high ? { ...t, yes: [...t.yes, 'adDatabaseExfiltrated' as const] } : t);
          for (const w of plan.waves) {
            assert.ok(
              w.forecast.expectedCalls <= w.forecast.capacityCalls + 1e-6,
              `wave ${w.number}: ${w.forecast.expectedCalls} > ${w.forecast.capacityCalls}`,
            );
            if (t.maxSize !== undefined) assert.ok(w.size <= t.maxSize);
            assert.ok(w.size > 0);
          }
          // the helpdesk absorbs one wave's calls before the next wave starts
          for (let i = 1; i < plan.waves.length; i++)
            assert.ok(Date.parse(plan.waves[i]!.startAt) >= Date.parse(plan.waves[i - 1]!.forecast.helpdeskBusyUntil));
        },
      ),
      runs,
    );
  });

  it('privileged identities come first, then known compromised accounts, service accounts, everyone else', () => {
    fc.assert(
      fc.property(fc.array(person, { maxLength: 40 }), triageAnswers, (people, t) => {
        const { plan } = planFor(people, t);
        let lastTier = 0;
        let lastStart = 0;
        for (const w of plan.waves) {
          assert.ok(w.tier >= lastTier);
          assert.ok(Date.parse(w.startAt) >= lastStart);
          lastTier = w.tier;
          lastStart = Date.parse(w.startAt);
          for (let i = w.firstAssignment; i < w.firstAssignment + w.size; i++)
            assert.equal(tierOf(plan.assignments[i]!.segment, plan.assignments[i]!.compromised), w.tier);
        }
      }),
      runs,
    );
  });

  it('under high assurance no treatment and no operation relies on SSPR or on the old password', () => {
    fc.assert(
      fc.property(fc.array(person, { maxLength: 40 }), triageAnswers, (people, t) => {
        const { decision, plan } = planFor(people, { ...t, yes: [...t.yes, 'adDatabaseExfiltrated' as const] });
        assert.equal(decision.assurance.value, 'high');
        for (const a of plan.assignments) {
          assert.equal(treatmentInfo[a.treatment].usesSspr, false);
          assert.ok(
            !['requireChange', 'cloudForceChange', 'passwordPolicyExpiry'].includes(a.treatment),
            `${a.name}: ${a.treatment}`,
          );
        }
        for (const op of plannedOperations(plan))
          if (op.type === 'action')
            assert.ok(op.action.kind !== 'requireChange' && op.action.kind !== 'linkPasswordPolicy');
      }),
      runs,
    );
  });
});
