// The planner: from a segmented population to a versioned plan. Pure: the start instant, the
// creation instant and the hash function come in as parameters.
import { ReclaimError } from '../errors/reclaim-error.ts';
import { mergeCallRates, type CallRate } from '../forecast/call-rates.ts';
import { helpdeskCapacity, type HelpdeskSettings } from '../forecast/helpdesk-capacity.ts';
import { writeSeconds, type DirectoryRate } from '../forecast/write-time.ts';
import type { SegmentationResult, SegmentAssignment } from '../segmentation/segment-identities.ts';
import { tierNames } from '../segmentation/segments.ts';
import type { TreatmentId } from '../segmentation/treatments.ts';
import type { AssuranceLevel } from '../triage/decide-triage.ts';
import { buildWaves, type WaveDraft } from './build-waves.ts';
import { krbtgtTimeline, type KrbtgtSettings } from './krbtgt-timeline.ts';
import { templateLookup } from './operation-templates.ts';
import { planAlternatives } from './plan-alternatives.ts';
import { planHybrid } from './plan-hybrid.ts';
import { planContentHash, type HashPort } from './plan-hash.ts';
import { planFormat, type Plan, type Wave } from './plan.ts';

/** Shaped like the config's `waves:` section. */
export interface WaveSettings {
  groupBy: string;
  deadlineHours: number;
  reminderHours: number[];
  graceHours: number;
  maxSize?: number | undefined;
  spacingHours?: number | undefined;
}

export interface PlanInput {
  segmentation: SegmentationResult;
  startAt: string;
  createdAt: string;
  assurance: AssuranceLevel;
  revokeSessions: boolean;
  removeAuthMethods: boolean;
  waves: WaveSettings;
  helpdesk: HelpdeskSettings & { callRates?: Partial<Record<TreatmentId, Partial<CallRate>>> | undefined };
  directories: readonly DirectoryRate[];
  blastRadius: number;
  alternatives?: Partial<Record<string, 'passwordPolicyExpiry'>> | undefined;
  policyMaxAgeDays?: number | undefined;
  krbtgt?: KrbtgtSettings | undefined;
  /** Entra Connect's ForcePasswordChangeOnLogOn, for the plan's hybrid caveats */
  forceChangeSyncEnabled?: boolean | undefined;
  hash: HashPort;
}

const HOUR = 3_600_000;
const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Plans the waves. The segmentation's assignments are reused, not copied (a million of them): each
 * gets its wave number and the plan holds them in wave order.
 */
export function planWaves(input: PlanInput): Plan {
  const startMs = Date.parse(input.startAt);
  if (!Number.isFinite(startMs))
    throw new ReclaimError('INPUT_INVALID', `plan start: not an ISO date and time: ${input.startAt}`);
  if (!Number.isFinite(Date.parse(input.createdAt)))
    throw new ReclaimError('INPUT_INVALID', `plan creation time: not an ISO date and time: ${input.createdAt}`);
  for (const [name, value] of [
    ['waves.deadlineHours', input.waves.deadlineHours],
    ['waves.graceHours', input.waves.graceHours],
    ['guardrails.blastRadius', input.blastRadius],
  ] as const) {
    if (!Number.isFinite(value) || value < 0)
      throw new ReclaimError('CONFIG_INVALID', `${name}: expected a number of 0 or more, got ${value}`);
  }
  const rates = mergeCallRates(input.helpdesk.callRates);
  const capacity = helpdeskCapacity(input.helpdesk);
  const spacingHours = input.waves.spacingHours ?? 1;
  const maxSize = input.waves.maxSize ?? Number.POSITIVE_INFINITY;
  const policyMaxAgeDays = input.policyMaxAgeDays ?? 1;
  const source = input.segmentation.assignments;
  const { waves: drafts, krbtgt } = buildWaves({
    assignments: source,
    rates,
    capacity,
    startMs,
    deadlineHours: input.waves.deadlineHours,
    spacingHours,
    maxSize,
  });

  const ordered: SegmentAssignment[] = new Array(source.length);
  let next = 0;
  const waves: Wave[] = drafts.map((draft, index) => {
    const first = next;
    for (const i of draft.members) {
      const a = source[i] as SegmentAssignment;
      a.wave = index + 1;
      ordered[next++] = a;
    }
    return finishWave(draft, index + 1, first, ordered, input, { startMs, policyMaxAgeDays, capacity });
  });
  const krbtgtAssignments = krbtgt.map((i) => source[i] as SegmentAssignment);
  for (const a of krbtgtAssignments) {
    a.wave = 0;
    ordered[next++] = a;
  }
  const krbtgtSteps = krbtgtTimeline(krbtgtAssignments, startMs, input.krbtgt);

  const bySegment: Record<string, number> = {};
  const byTreatment: Record<string, number> = {};
  for (const a of ordered) {
    bySegment[a.segment] = (bySegment[a.segment] ?? 0) + 1;
    byTreatment[a.treatment] = (byTreatment[a.treatment] ?? 0) + 1;
  }
  let endMs = startMs;
  for (const w of waves) endMs = Math.max(endMs, Date.parse(w.graceEndsAt));
  for (const s of krbtgtSteps) endMs = Math.max(endMs, Date.parse(s.at));

  const plan: Omit<Plan, 'contentHash'> = {
    format: planFormat,
    createdAt: input.createdAt,
    startAt: iso(startMs),
    assurance: input.assurance,
    settings: {
      groupBy: input.waves.groupBy,
      deadlineHours: input.waves.deadlineHours,
      reminderHours: [...input.waves.reminderHours],
      graceHours: input.waves.graceHours,
      maxWaveSize: Number.isFinite(maxSize) ? maxSize : null,
      spacingHours,
      blastRadius: input.blastRadius,
      revokeSessions: input.revokeSessions,
      removeAuthMethods: input.removeAuthMethods,
      policyMaxAgeDays,
      helpdeskPeakCallsPerHour: capacity.peakCallsPerHour,
    },
    waves,
    assignments: ordered,
    krbtgt: krbtgtSteps,
    alternatives: planAlternatives(ordered, input.alternatives ?? {}, input.assurance, policyMaxAgeDays),
    hybrid: planHybrid(ordered, input.forceChangeSyncEnabled),
    protected: input.segmentation.protected,
    unmanageable: input.segmentation.unmanageable,
    outOfScope: input.segmentation.outOfScope,
    unmatchedCompromised: input.segmentation.unmatchedCompromised,
    totals: {
      identities: ordered.length,
      inWaves: ordered.length - krbtgtAssignments.length,
      waves: waves.length,
      bySegment,
      byTreatment,
      expectedCalls: round(waves.reduce((sum, w) => sum + w.forecast.expectedCalls, 0)),
      writeSeconds: round(waves.reduce((sum, w) => sum + w.forecast.writeSeconds, 0)),
      endsAt: iso(endMs),
      durationHours: round((endMs - startMs) / HOUR),
    },
  };
  return { ...plan, contentHash: planContentHash(plan, input.hash) };
}

const round = (n: number): number => Math.round(n * 100) / 100;

function finishWave(
  draft: WaveDraft,
  number: number,
  first: number,
  ordered: readonly SegmentAssignment[],
  input: PlanInput,
  ctx: { startMs: number; policyMaxAgeDays: number; capacity: ReturnType<typeof helpdeskCapacity> },
): Wave {
  const bySegment: Record<string, number> = {};
  const byTreatment: Record<string, number> = {};
  const writeOps: Record<string, number> = {};
  let deadlineOps = 0;
  let tasks = 0;
  const templatesOf = templateLookup({
    revokeSessions: input.revokeSessions,
    removeAuthMethods: input.removeAuthMethods,
    policyMaxAgeDays: ctx.policyMaxAgeDays,
  });
  for (let i = first; i < first + draft.members.length; i++) {
    const a = ordered[i] as SegmentAssignment;
    bySegment[a.segment] = (bySegment[a.segment] ?? 0) + 1;
    byTreatment[a.treatment] = (byTreatment[a.treatment] ?? 0) + 1;
    const templates = templatesOf(a.treatment, a.kind, a.linked !== null, a.mfaRegistered);
    if (templates.length === 0) tasks++;
    for (const t of templates) {
      if (t.phase === 'deadline') {
        deadlineOps++;
        continue;
      }
      const directory = t.side === 'linked' && a.linked ? a.linked.directory : a.directory;
      writeOps[directory] = (writeOps[directory] ?? 0) + 1;
    }
  }
  const deadlineMs = draft.deadlineMs;
  const graceMs = deadlineMs + input.waves.graceHours * HOUR;
  const busyHours = ctx.capacity.openHoursBetween(draft.startMs, draft.busyUntilMs);
  const tierName = tierNames[draft.tier];
  const shown = draft.groups.slice(0, 3).join(', ');
  return {
    number,
    tier: draft.tier,
    label: `${tierName}: ${shown}${draft.groups.length > 3 ? ` and ${draft.groups.length - 3} more` : ''}`,
    groups: draft.groups,
    firstAssignment: first,
    size: draft.members.length,
    bySegment,
    byTreatment,
    tasks,
    startAt: iso(draft.startMs),
    reminders: input.waves.reminderHours
      .map((h) => deadlineMs - h * HOUR)
      .filter((t) => t > draft.startMs)
      .sort((x, y) => x - y)
      .map(iso),
    deadlineAt: iso(deadlineMs),
    graceEndsAt: iso(graceMs),
    // SAFETY: a wave above the blast radius cannot run on one person's approval.
    needsSecondApprover: draft.members.length > input.blastRadius,
    forecast: {
      expectedCalls: round(draft.expectedCalls),
      capacityCalls: round(draft.capacityCalls),
      helpdeskBusyUntil: iso(draft.busyUntilMs),
      callsPerHour: busyHours > 0 ? round(draft.expectedCalls / busyHours) : 0,
      writeOps,
      deadlineOpsAtMost: deadlineOps,
      writeSeconds: round(writeSeconds(writeOps, input.directories)),
      durationHours: round((graceMs - draft.startMs) / HOUR),
    },
  };
}
