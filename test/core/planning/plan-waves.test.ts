import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Identity } from '../../../src/core/identity.ts';
import { diffPlans } from '../../../src/core/planning/diff-plans.ts';
import { planCampaign, type CampaignSettings } from '../../../src/core/planning/plan-campaign.ts';
import { planCsvLines } from '../../../src/core/planning/plan-csv.ts';
import { plannedOperations } from '../../../src/core/planning/planned-operations.ts';
import { planHashMatches } from '../../../src/core/planning/plan-hash.ts';
import type { Plan } from '../../../src/core/planning/plan.ts';
import { decideTriage, type TriageDecision } from '../../../src/core/triage/decide-triage.ts';
import { aHybridPerson, anIdentity, directories, now, settings, sha256 } from '../support/an-identity.ts';

const startAt = '2026-11-26T08:00:00.000Z';

function triage(over: Partial<Record<string, boolean>> = {}): TriageDecision {
  const indicators = Object.fromEntries(
    Object.entries({ privilegedIdentitiesCompromised: true, ...over }).map(([k, v]) => [k, { answer: v === true }]),
  );
  return decideTriage({ indicators, knownCompromisedAccounts: [] }, { answeredBy: 'dana', answeredAt: now });
}

function plan(identities: Identity[], s: CampaignSettings = settings(), t: TriageDecision = triage()): Plan {
  return planCampaign({ identities, triage: t, settings: s, directories, startAt, now, hash: sha256 });
}

function people(n: number, department = (i: number) => `D${i % 3}`): Identity[] {
  return Array.from({ length: n }, (_, i) => anIdentity({ name: `u${i}`, department: department(i) }));
}

describe('wave planning', () => {
  it('orders waves privileged, then known compromised, then service accounts, then users, grouped by department', () => {
    const t = decideTriage(
      { indicators: { privilegedIdentitiesCompromised: { answer: true } }, knownCompromisedAccounts: ['u4'] },
      { answeredBy: 'dana', answeredAt: now },
    );
    const p = plan(
      [
        anIdentity({ name: 'svc-app' }),
        ...people(6),
        anIdentity({ name: 'adm', privileged: [{ source: 'RID 512', name: 'Domain Admins' }] }),
      ],
      settings(),
      t,
    );
    assert.deepEqual(
      p.waves.map((w) => w.tier),
      [0, 1, 2, 3],
    );
    assert.deepEqual(
      p.waves.map((w) => w.label.split(':')[0]),
      ['privileged', 'known compromised', 'service accounts', 'users'],
    );
    assert.deepEqual(
      p.assignments.filter((a) => a.wave === 2).map((a) => a.name),
      ['u4'],
    );
    assert.deepEqual(p.waves[3]?.groups, ['D0', 'D1', 'D2']);
    assert.equal(p.assignments[0]?.name, 'adm');
    assert.ok(p.waves.every((w, i) => i === 0 || Date.parse(w.startAt) >= Date.parse(p.waves[i - 1]!.startAt)));
  });

  it('sizes user waves to helpdesk capacity: one agent, 2 calls/hour, 8 h/day, 24 h deadline', () => {
    // requireChange users not registered for SSPR: 0.1 calls each; capacity per wave 16 calls -> 160 users
    const s = settings({
      helpdesk: { agents: 1, callsPerAgentHour: 2, hoursPerDay: 8 },
      waves: { groupBy: 'none', deadlineHours: 24, reminderHours: [4], graceHours: 2 },
    });
    const p = plan(people(1000), s);
    assert.equal(p.waves.length, 7);
    for (const w of p.waves) {
      assert.ok(w.forecast.expectedCalls <= w.forecast.capacityCalls + 1e-9, `wave ${w.number} over capacity`);
      assert.ok(w.size <= 160);
    }
    // the next wave starts when the helpdesk has absorbed the previous wave's calls
    assert.equal(p.waves[1]?.startAt, p.waves[0]?.forecast.helpdeskBusyUntil);
    assert.equal(p.waves[0]?.forecast.callsPerHour, 2);
    assert.equal(p.waves[0]?.deadlineAt, '2026-11-27T08:00:00.000Z');
    assert.deepEqual(p.waves[0]?.reminders, ['2026-11-27T04:00:00.000Z']);
    assert.equal(p.waves[0]?.graceEndsAt, '2026-11-27T10:00:00.000Z');
  });

  it('keeps a department whole when it fits, splits it when it does not', () => {
    const s = settings({
      helpdesk: { agents: 1, callsPerAgentHour: 2, hoursPerDay: 8 },
      waves: { groupBy: 'department', deadlineHours: 24, reminderHours: [], graceHours: 0 },
    });
    const p = plan(
      people(300, (i) => (i < 100 ? 'Small' : 'Big')),
      s,
    );
    // Big (200 users, 20 calls) is split over two waves; Small (100 users, 10 calls) stays whole,
    // beside the 40 users left of Big
    const wavesOf = (group: string) => new Set(p.assignments.filter((a) => a.group === group).map((a) => a.wave));
    assert.deepEqual([...wavesOf('Small')], [2]);
    assert.deepEqual([...wavesOf('Big')], [1, 2]);
    assert.deepEqual(
      p.waves.map((w) => w.size),
      [160, 140],
    );
  });

  it('a wave that brings calls starts when the helpdesk is open, not after hours', () => {
    const s = settings({ waves: { groupBy: 'none', deadlineHours: 8, reminderHours: [], graceHours: 0 } });
    const p = planCampaign({
      identities: people(3),
      triage: triage(),
      settings: s,
      directories,
      startAt: '2026-11-26T17:00:00.000Z',
      now,
      hash: sha256,
    });
    assert.equal(p.waves[0]?.startAt, '2026-11-27T08:00:00.000Z');
    assert.ok(p.waves[0]!.forecast.capacityCalls >= p.waves[0]!.forecast.expectedCalls);
  });

  it('helpdesk shifts in several time zones extend the hours calls are taken', () => {
    const one = settings({ helpdesk: { agents: 2, callsPerAgentHour: 5, hoursPerDay: 8 } });
    const two = settings({
      helpdesk: {
        agents: 2,
        callsPerAgentHour: 5,
        hoursPerDay: 8,
        shifts: [
          { agents: 1, startHour: 8, hours: 8, utcOffsetHours: 0 },
          { agents: 1, startHour: 8, hours: 8, utcOffsetHours: -8 },
        ],
      },
    });
    const p1 = plan(people(10), one);
    const p2 = plan(people(10), two);
    assert.equal(p1.waves[0]?.forecast.capacityCalls, 3 * 8 * 10);
    assert.equal(p2.waves[0]?.forecast.capacityCalls, 3 * 16 * 5);
  });

  it('users not registered for SSPR are expected to call more', () => {
    const reg = { ssprRegistered: true, mfaRegistered: true, phishingResistant: false, methods: [] };
    const a = plan(aHybridPerson('x', { registration: reg }));
    const b = plan(aHybridPerson('x'));
    assert.ok(b.totals.expectedCalls > a.totals.expectedCalls);
  });

  it('waves above the blast radius need a second approver', () => {
    const s = settings({ guardrails: { blastRadius: 5 } });
    const p = plan(people(10), s);
    assert.equal(p.waves[0]?.needsSecondApprover, true);
  });

  it('krbtgt: first reset at the start, second after the ticket lifetime plus replication', () => {
    const s = settings({ krbtgt: { domainMaxTicketLifetimeHours: { corp: 8 }, replicationHours: 2 } });
    const p = plan([anIdentity({ name: 'krbtgt', accountType: 'krbtgt' }), ...people(2)], s);
    assert.deepEqual(
      p.krbtgt.map((k) => k.at),
      [startAt, '2026-11-26T18:00:00.000Z'],
    );
    assert.match(p.krbtgt[1]!.why, /8 h, from the domain policy/);
    assert.ok(
      p.waves.every((w) => w.bySegment.krbtgt === undefined),
      'krbtgt is never in a wave',
    );
    const defaults = plan([anIdentity({ name: 'krbtgt', accountType: 'krbtgt' })]);
    assert.equal(defaults.krbtgt[1]?.at, '2026-11-26T19:00:00.000Z', '10 h default + 1 h replication');
  });

  it('shows the FGPP alternative with its drawback and mitigation, and refuses it under high assurance', () => {
    const s = settings();
    s.segments.alternatives = { onsite: 'passwordPolicyExpiry' };
    const p = plan(people(3), s);
    const onsite = p.alternatives.find((a) => a.segment === 'onsite')!;
    assert.equal(onsite.chosen, true);
    assert.equal(onsite.identities, 3);
    assert.match(onsite.drawback, /session/);
    assert.match(onsite.mitigation, /revoked/);
    const high = plan(people(3), s, triage({ adDatabaseExfiltrated: true }));
    assert.equal(high.alternatives.find((a) => a.segment === 'onsite')?.chosen, false);
    assert.equal(high.totals.byTreatment.passwordPolicyExpiry, undefined);
  });

  it('forecasts directory write time from the rates: AD 20/s, Entra 10/s in parallel', () => {
    const registration = {
      ssprRegistered: true,
      mfaRegistered: false,
      phishingResistant: false,
      methods: ['mobilePhone'],
    };
    const hybrids = Array.from({ length: 40 }, (_, i) => aHybridPerson(`h${i}`, { registration })).flat();
    const p = plan(hybrids);
    const w = p.waves[0]!;
    // hybridForceChange: AD must-change; Entra force change (read back) and revoke
    assert.deepEqual(w.forecast.writeOps, { corp: 40, cloud: 80 });
    assert.equal(w.forecast.writeSeconds, 8);
    assert.equal(w.forecast.deadlineOpsAtMost, 40);
  });
});

describe('plan versions, exports and dry-run', () => {
  it('the content hash depends on the content, not on when the plan was made', () => {
    const ids = () => [
      ...people(5),
      anIdentity({ name: 'adm', privileged: [{ source: 'RID 512', name: 'Domain Admins' }] }),
    ];
    const a = planCampaign({
      identities: ids(),
      triage: triage(),
      settings: settings(),
      directories,
      startAt,
      now,
      hash: sha256,
    });
    const b = planCampaign({
      identities: ids(),
      triage: triage(),
      settings: settings(),
      directories,
      startAt,
      now: '2026-11-27T00:00:00.000Z',
      hash: sha256,
    });
    assert.equal(a.contentHash, b.contentHash);
    assert.match(a.contentHash, /^[0-9a-f]{64}$/);
    const c = plan(
      [
        ...people(5),
        anIdentity({ name: 'adm', privileged: [{ source: 'RID 512', name: 'Domain Admins' }], department: 'IT' }),
      ],
      settings(),
      triage({ adDatabaseExfiltrated: true }),
    );
    assert.notEqual(a.contentHash, c.contentHash);
    assert.deepEqual(JSON.parse(JSON.stringify(a)), a, 'a plan is plain serialisable data');
    const edited = JSON.parse(JSON.stringify(a)) as Plan;
    assert.equal(planHashMatches(edited, sha256), true);
    edited.assignments[0]!.treatment = 'helpdeskReset';
    assert.equal(planHashMatches(edited, sha256), false, 'an edit is detected');
  });

  it('diff lists identities whose treatment or wave changed, and changed settings', () => {
    const a = plan(people(4));
    const b = plan([...people(3), anIdentity({ name: 'new' })], settings(), triage({ adDatabaseExfiltrated: true }));
    const d = diffPlans(a, b);
    assert.equal(d.same, false);
    assert.deepEqual(d.counts, { added: 1, removed: 1, changed: 3 });
    assert.ok(d.settings.some((s) => s.setting === 'assurance'));
    assert.equal(d.identities.find((c) => c.change === 'changed')?.after?.treatment, 'helpdeskReset');
    assert.equal(diffPlans(a, a).same, true);
  });

  it('renders a summary with the schedule, forecast, alternatives and protected accounts', async () => {
    const { renderPlan } = await import('../../../src/core/planning/render-plan.ts');
    const text = renderPlan(
      plan([anIdentity({ name: 'krbtgt', accountType: 'krbtgt' }), anIdentity({ name: 'bg-admin' }), ...people(3)]),
    );
    assert.match(text, /krbtgt double reset:/);
    assert.match(text, /#1 users: D0, D1, D2: 3 identities/);
    assert.match(text, /drawback: an attacker keeps an authenticated session/);
    assert.match(text, /corp:bg-admin: break-glass account/);
  });

  it('refuses a start that is not a date, with INPUT_INVALID', () => {
    assert.throws(
      () =>
        planCampaign({
          identities: people(1),
          triage: triage(),
          settings: settings(),
          directories,
          startAt: 'tomorrow',
          now,
          hash: sha256,
        }),
      (e: unknown) =>
        (e as { code?: string }).code === 'INPUT_INVALID' && /tomorrow/.test(String((e as Error).message)),
    );
  });

  it('the streamed JSON export is the plan itself', async () => {
    const { planJsonChunks } = await import('../../../src/core/planning/plan-json.ts');
    const p = plan(people(7));
    assert.deepEqual(JSON.parse([...planJsonChunks(p, 3)].join('')), JSON.parse(JSON.stringify(p)));
  });

  it('CSV has one line per identity and defuses spreadsheet formulas', () => {
    const p = plan([anIdentity({ name: '=HYPERLINK("x")' }), anIdentity({ name: 'plain' })]);
    const lines = [...planCsvLines(p)];
    assert.equal(lines.length, 3);
    assert.match(lines[0]!, /^wave,wave_start/);
    assert.ok(lines.some((l) => l.includes(`"'=HYPERLINK(""x"")"`)));
  });

  it(
    'dry-run lists the exact operations: an SSPR-registered hybrid person -> AD must-change, Entra ' +
      'force change (read back) and revoke, conditional disable; the plan says why',
    () => {
      const [ad, cloud] = aHybridPerson('hy', {
        registration: {
          ssprRegistered: true,
          mfaRegistered: true,
          phishingResistant: false,
          methods: ['microsoftAuthenticatorPush'],
        },
      });
      const [ad2, cloud2] = aHybridPerson('hz');
      const p = plan([
        ad,
        cloud,
        ad2,
        cloud2,
        anIdentity({ name: 'svc-app' }),
        anIdentity({ name: 'krbtgt', accountType: 'krbtgt' }),
      ]);
      const ops = [...plannedOperations(p)];
      const summary = ops.map((o) =>
        o.type === 'task'
          ? `task:${o.task}:${o.identity.name}`
          : `${o.phase}:${o.action.kind}:${o.action.directory}:${o.action.identity.name}${o.action.params ? JSON.stringify(o.action.params) : ''}`,
      );
      assert.deepEqual(summary, [
        'krbtgt-first:resetKrbtgt:corp:krbtgt',
        'krbtgt-second:resetKrbtgt:corp:krbtgt',
        'task:serviceRotation:svc-app',
        'start:requireChange:corp:hy',
        'start:requireChange:cloud:hy@corp.example{"withMfa":true,"confirmForceChange":true}',
        'start:revokeSessions:cloud:hy@corp.example',
        'start:resetPassword:corp:hz{"mustChange":true}',
        'start:revokeSessions:cloud:hz@corp.example',
        'deadline:disable:corp:hy',
      ]);
      const disable = ops.at(-1);
      assert.ok(disable?.type === 'action' && disable.condition?.includes('not changed'));
      assert.equal(disable?.at, p.waves.at(-1)?.graceEndsAt);
      assert.deepEqual(
        p.hybrid?.reasons.map((r) => [r.treatment, r.why, r.people]),
        [
          ['hybridAdminReset', 'sspr-unknown', 1],
          ['hybridForceChange', 'writeback-sspr', 1],
        ],
      );
      assert.ok(p.hybrid?.notes.some((n) => /never reaches the cloud/.test(n)));
    },
  );

  it('high assurance after SSPR abuse: random reset, revoke and remove methods, never a password write to the synced side', () => {
    const t = decideTriage(
      {
        indicators: { adDatabaseExfiltrated: { answer: true }, ssprAbused: { answer: true } },
        knownCompromisedAccounts: [],
      },
      { answeredBy: 'd', answeredAt: now },
    );
    const p = plan(aHybridPerson('hy'), settings(), t);
    const ops = [...plannedOperations(p)].filter((o) => o.type === 'action');
    assert.deepEqual(
      ops.map((o) =>
        o.type === 'action' ? `${o.action.kind}:${o.action.directory}:${JSON.stringify(o.action.params ?? {})}` : '',
      ),
      // not changed by the deadline (no verified call to the helpdesk): disabled
      [
        'resetPassword:corp:{"mustChange":true}',
        'revokeSessions:cloud:{}',
        'deleteAuthMethods:cloud:{}',
        'disable:corp:{}',
      ],
    );
  });
});
