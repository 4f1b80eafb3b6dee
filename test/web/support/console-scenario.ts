// An incident in progress on the console fixture's store, for the browser tests and the
// screenshots: a newer plan version with three waves (long labels), the first started an hour ago
// with actions applied, failed for two causes (one retried and failed again) and still planned, the
// second due, the third later; a `reclaim verify` that found accounts missed; a helpdesk
// verification. Written through the store's own writers, as the engine and the CLI write them.
import type { ConsoleFixture } from '../../server/support/console-fixture.ts';
import { claimActions } from '../../../src/store/actions/claim-actions.ts';
import { insertActions } from '../../../src/store/actions/insert-actions.ts';
import { transitionAction } from '../../../src/store/actions/transition-action.ts';
import { appendAudit } from '../../../src/store/audit/append-audit.ts';
import { recordVerification } from '../../../src/store/helpdesk/record-verification.ts';
import { insertWaves } from '../../../src/store/plans/insert-waves.ts';
import { savePlanVersion } from '../../../src/store/plans/save-plan-version.ts';

export interface Scenario {
  versionId: string;
  people: number;
}

const labels: string[] = [
  'Finance, Accounting and Treasury department (Paris head office)',
  'Engineering',
  'Sales and Marketing EMEA',
];
const treatments = ['requireChange', 'cloudForceChange', 'helpdeskReset'] as const;

export async function seedIncident(f: ConsoleFixture): Promise<Scenario> {
  const store = await f.app.store();
  const campaignId = f.campaignId;
  const start = f.clock.at.getTime();
  const t = (minutes: number) => new Date(start + minutes * 60_000);
  const sizes = [20, 12, 8];
  const assignments = sizes.flatMap((size, w) =>
    Array.from({ length: size }, (_, i) => ({
      directory: 'cloud',
      key: `w${w + 1}-${i}`,
      name: `${['ana', 'ben', 'chloe', 'dev', 'eli'][i % 5]}.${['martin', 'ng', 'okafor', 'silva'][w % 4]}${i}`,
      dn: null,
      kind: 'entra',
      segment: 'cloudOnly',
      treatment: treatments[(i + w) % 3],
      why: null,
      ruleId: 'cloud-only',
      rule: 'cloud-only users',
      linked: null,
      ssprRegistered: false,
      mfaRegistered: i % 2 === 0,
      group: labels[w],
      owner: null,
      compromised: false,
      wave: w + 1,
    })),
  );
  let first = 0;
  const starts = [t(-60), t(-5), t(600)];
  const waves = sizes.map((size, w) => {
    const wave = {
      number: w + 1,
      tier: 2,
      label: labels[w]!,
      groups: [labels[w]],
      firstAssignment: first,
      size,
      bySegment: { cloudOnly: size },
      byTreatment: Object.fromEntries(
        treatments.map((tr) => [tr, assignments.slice(first, first + size).filter((a) => a.treatment === tr).length]),
      ),
      tasks: 0,
      startAt: starts[w]!.toISOString(),
      reminders: [],
      deadlineAt: new Date(starts[w]!.getTime() + 72 * 3_600_000).toISOString(),
      graceEndsAt: new Date(starts[w]!.getTime() + 96 * 3_600_000).toISOString(),
      needsSecondApprover: false,
      forecast: {
        expectedCalls: size * 0.47 + 0.123,
        capacityCalls: 400,
        helpdeskBusyUntil: starts[w]!.toISOString(),
        callsPerHour: 2.71,
        writeOps: { cloud: size * 2 },
        deadlineOpsAtMost: size,
        writeSeconds: size / 10,
        durationHours: 96,
      },
    };
    first += size;
    return wave;
  });
  const body = {
    format: 'reclaim-plan/1',
    contentHash: 'scenario',
    createdAt: t(1).toISOString(),
    startAt: starts[0]!.toISOString(),
    assurance: 'high',
    settings: {
      groupBy: 'department',
      deadlineHours: 72,
      reminderHours: [24],
      graceHours: 24,
      maxWaveSize: null,
      spacingHours: 24,
      blastRadius: 500,
      revokeSessions: true,
      removeAuthMethods: false,
      policyMaxAgeDays: 90,
      helpdeskPeakCallsPerHour: 30,
    },
    waves,
    assignments,
    krbtgt: [],
    alternatives: [],
    protected: [],
    unmanageable: [],
    outOfScope: { count: 3, sample: [], reason: 'disabled' },
    totals: {
      identities: assignments.length,
      inWaves: assignments.length,
      waves: waves.length,
      bySegment: { cloudOnly: assignments.length },
      byTreatment: {},
      expectedCalls: 475.47,
      writeSeconds: 4,
      endsAt: waves.at(-1)!.graceEndsAt,
      durationHours: 120,
    },
  };
  const { versionId } = await savePlanVersion(store, {
    planId: 'plan-1',
    campaignId,
    name: 'plan',
    body,
    createdBy: 'alice',
    now: t(1),
  });
  const waveIds = await insertWaves(
    store,
    versionId,
    waves.map((w) => ({
      ordinal: w.number,
      name: w.label,
      startsAt: new Date(w.startAt),
      deadlineAt: new Date(w.deadlineAt),
      size: w.size,
    })),
  );
  await appendAudit(store, {
    actor: 'alice',
    action: 'run.start',
    target: `campaign:${campaignId}`,
    source: 'cli',
    now: t(2),
    details: { planVersion: versionId, waves: [1] },
  });
  const wave1 = assignments.slice(0, sizes[0]);
  await insertActions(
    store,
    wave1.map((a) => ({
      campaignId,
      waveId: waveIds[0]!,
      directory: 'cloud',
      identityKey: a.key,
      identityName: a.name,
      kind: 'requireChange',
      idempotencyKey: `${campaignId}/${a.key}`,
    })),
    t(2),
  );
  const failure = (i: number) =>
    i < 3
      ? { code: 'DIRECTORY_UNAVAILABLE', message: 'Graph answered 503 Service Unavailable', retryable: true }
      : { code: 'IDENTITY_NOT_FOUND', message: 'The user no longer exists in the tenant', retryable: false };
  const claimed = await claimActions(store, { campaignId, owner: 'w', limit: 17, leaseMs: 60_000, now: t(3) });
  let n = 0;
  for (const action of claimed) {
    const minute = 3 + Math.floor(n / 4);
    if (n < 12)
      await transitionAction(store, {
        id: action.id,
        owner: 'w',
        from: 'claimed',
        to: 'applied',
        event: 'apply-ok',
        now: t(minute),
      });
    else
      await transitionAction(store, {
        id: action.id,
        owner: 'w',
        from: 'claimed',
        to: 'failed',
        event: 'apply-failed',
        error: failure(n - 12),
        nextAttemptAt: t(minute + 1),
        now: t(minute),
      });
    n += 1;
  }
  // One retryable failure retried and failed again: two journal entries, one failed action.
  const [retry] = await claimActions(store, { campaignId, owner: 'w', limit: 1, leaseMs: 60_000, now: t(10) });
  if (retry)
    await transitionAction(store, {
      id: retry.id,
      owner: 'w',
      from: 'claimed',
      to: 'failed',
      event: 'apply-failed',
      error: failure(0),
      nextAttemptAt: t(30),
      now: t(10),
    });
  await appendAudit(store, {
    actor: 'alice',
    action: 'verify',
    target: `campaign:${campaignId}`,
    source: 'cli',
    now: t(11),
    details: { checked: 20, changed: 12, missed: 8 },
  });
  await recordVerification(store, {
    campaignId,
    directory: 'cloud',
    identityKey: 'u-1',
    method: 'video',
    evidence: 'video call, badge matched the HR photo',
    verifiedBy: 'helpdesk-1',
    outcome: 'verified',
    now: t(12),
  });
  f.clock.at = t(15);
  return { versionId, people: assignments.length };
}
