// The planner: from a segmented population to a versioned plan. Pure: the start instant, the
// creation instant and the hash function come in as parameters. The assignments are planned from
// a spill (assignment-spill.ts), bucket by bucket: in memory for a population given as one array
// (planWaves), or from any spill, the store's included, without ever holding them all
// (planWavesFromSpill): both give the same plan, to the content hash.
import { ReclaimError } from '../errors/reclaim-error.ts';
import { mergeCallRates, type CallRate, type CallRates } from '../forecast/call-rates.ts';
import { helpdeskCapacity, type HelpdeskSettings } from '../forecast/helpdesk-capacity.ts';
import type { DirectoryRate } from '../forecast/write-time.ts';
import type { SegmentationResult, SegmentAssignment } from '../segmentation/segment-identities.ts';
import type { TreatmentId } from '../segmentation/treatments.ts';
import type { AssuranceLevel } from '../triage/decide-triage.ts';
import { spillEntryOf, type AssignmentSpill } from './assignment-spill.ts';
import { krbtgtTimeline, type KrbtgtSettings } from './krbtgt-timeline.ts';
import { createMemorySpill } from './memory-spill.ts';
import { planAlternatives } from './plan-alternatives.ts';
import { planContentHash, planContentHashOfPages, type HashPort, type HashStreamPort } from './plan-hash.ts';
import { plannedAssignmentPages, plannedAssignments } from './planned-assignments.ts';
import { planFormat, type Plan, type PlanHeader } from './plan.ts';
import { createWavePlanner, round } from './wave-planner.ts';

/** Shaped like the config's `waves:` section. */
export interface WaveSettings {
  groupBy: string;
  deadlineHours: number;
  reminderHours: number[];
  graceHours: number;
  maxSize?: number | undefined;
  spacingHours?: number | undefined;
}

export interface PlanInputSettings {
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
}

export interface PlanInput extends PlanInputSettings {
  segmentation: SegmentationResult;
  hash: HashPort;
}

export interface PlanSpillInput extends PlanInputSettings {
  /** the segmentation without its assignments: they are in the spill */
  segmentation: Omit<SegmentationResult, 'assignments'>;
  spill: AssignmentSpill;
  hash: HashStreamPort;
}

const HOUR = 3_600_000;
const iso = (ms: number): string => new Date(ms).toISOString();

/** The call rates the assignments are spilled with (their buckets' expected calls). */
export const planCallRates = (input: Pick<PlanInputSettings, 'helpdesk'>): CallRates =>
  mergeCallRates(input.helpdesk.callRates);

/**
 * Plans the waves of a population given as one array. The segmentation's assignments are reused,
 * not copied: each gets its wave number and the plan holds them in wave order.
 */
export function planWaves(input: PlanInput): Plan {
  const { planner, header } = prepare(input);
  const spill = createMemorySpill();
  const rates = planCallRates(input);
  spill.add(input.segmentation.assignments.map((a) => spillEntryOf(a, rates)));
  for (const bucket of spill.buckets()) {
    planner.bucket(bucket);
    for (const page of spill.members(bucket)) for (const a of page) planner.member(a);
  }
  const { format, createdAt, startAt, assurance, settings, waves, ...rest } = header(planner.finish());
  const assignments: SegmentAssignment[] = [];
  for (const page of plannedAssignments(spill, waves)) for (const a of page) assignments.push(a);
  const plan = { format, createdAt, startAt, assurance, settings, waves, assignments, ...rest };
  return { ...plan, contentHash: planContentHash(plan, input.hash) };
}

/**
 * The same plan from the assignments in a spill, as its header: the assignments, in plan order
 * and with their wave numbers, are read back from the spill by plannedAssignmentPages.
 */
export async function planWavesFromSpill(input: PlanSpillInput): Promise<PlanHeader> {
  const { planner, header } = prepare(input);
  for await (const bucket of input.spill.buckets()) {
    planner.bucket(bucket);
    for await (const page of input.spill.members(bucket)) for (const a of page) planner.member(a);
  }
  const plan = header(planner.finish());
  const contentHash = await planContentHashOfPages(plan, plannedAssignmentPages(input.spill, plan.waves), input.hash);
  return { ...plan, contentHash };
}

function prepare(input: PlanInputSettings & { segmentation: Omit<SegmentationResult, 'assignments'> }) {
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
  const capacity = helpdeskCapacity(input.helpdesk);
  const spacingHours = input.waves.spacingHours ?? 1;
  const maxSize = input.waves.maxSize ?? Number.POSITIVE_INFINITY;
  const policyMaxAgeDays = input.policyMaxAgeDays ?? 1;
  const planner = createWavePlanner(
    input,
    {
      rates: planCallRates(input),
      capacity,
      startMs,
      deadlineHours: input.waves.deadlineHours,
      spacingHours,
      maxSize,
    },
    { startMs, policyMaxAgeDays, capacity },
  );

  const header = (planned: ReturnType<typeof planner.finish>): Omit<PlanHeader, 'contentHash'> => {
    const { waves } = planned;
    const krbtgtSteps = krbtgtTimeline(planned.krbtgt, startMs, input.krbtgt);
    let endMs = startMs;
    for (const w of waves) endMs = Math.max(endMs, Date.parse(w.graceEndsAt));
    for (const s of krbtgtSteps) endMs = Math.max(endMs, Date.parse(s.at));
    return {
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
      krbtgt: krbtgtSteps,
      alternatives: planAlternatives(planned.alternatives, input.alternatives ?? {}, input.assurance, policyMaxAgeDays),
      hybrid: planned.hybrid.plan(input.forceChangeSyncEnabled),
      protected: input.segmentation.protected,
      unmanageable: input.segmentation.unmanageable,
      outOfScope: input.segmentation.outOfScope,
      unmatchedCompromised: input.segmentation.unmatchedCompromised,
      totals: {
        identities: planned.identities,
        inWaves: planned.identities - planned.krbtgt.length,
        waves: waves.length,
        bySegment: planned.bySegment,
        byTreatment: planned.byTreatment,
        expectedCalls: round(waves.reduce((sum, w) => sum + w.forecast.expectedCalls, 0)),
        writeSeconds: round(waves.reduce((sum, w) => sum + w.forecast.writeSeconds, 0)),
        endsAt: iso(endMs),
        durationHours: round((endMs - startMs) / HOUR),
      },
    };
  };
  return { planner, header };
}
