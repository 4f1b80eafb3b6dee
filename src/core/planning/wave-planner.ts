// The planner's one pass over the assignments in plan order (bucket by bucket, assignment-spill.ts):
// it builds the waves (build-waves.ts) and counts, as each assignment goes by, what the plan says
// about them: each wave's segments, treatments, tasks and directory writes, the totals, the FGPP
// alternative, the synced people, and the krbtgt accounts (one per domain, kept for their timeline).
// What it keeps is per wave and per group, never per assignment.
import type { helpdeskCapacity } from '../forecast/helpdesk-capacity.ts';
import { writeSeconds } from '../forecast/write-time.ts';
import type { SegmentAssignment } from '../segmentation/segment-identities.ts';
import { tierNames } from '../segmentation/segments.ts';
import { krbtgtTier, type SpillBucket } from './assignment-spill.ts';
import { createWaveBuilder, type BuildWavesInput, type WaveDraft } from './build-waves.ts';
import { templateLookup } from './operation-templates.ts';
import { countAlternative } from './plan-alternatives.ts';
import { createHybridTally } from './plan-hybrid.ts';
import type { PlanInputSettings } from './plan-waves.ts';
import type { Wave } from './plan.ts';

const HOUR = 3_600_000;
const iso = (ms: number): string => new Date(ms).toISOString();
export const round = (n: number): number => Math.round(n * 100) / 100;

interface WaveCounts {
  bySegment: Record<string, number>;
  byTreatment: Record<string, number>;
  writeOps: Record<string, number>;
  deadlineOps: number;
  tasks: number;
}

export interface WavePlannerContext {
  startMs: number;
  policyMaxAgeDays: number;
  capacity: ReturnType<typeof helpdeskCapacity>;
}

export function createWavePlanner(input: PlanInputSettings, build: BuildWavesInput, ctx: WavePlannerContext) {
  const builder = createWaveBuilder(build);
  const counts: WaveCounts[] = [];
  const bySegment: Record<string, number> = {};
  const byTreatment: Record<string, number> = {};
  const alternatives = new Map<string, number>();
  const hybrid = createHybridTally();
  const krbtgt: SegmentAssignment[] = [];
  let inKrbtgt = false;
  const templatesOf = templateLookup({
    revokeSessions: input.revokeSessions,
    removeAuthMethods: input.removeAuthMethods,
    policyMaxAgeDays: ctx.policyMaxAgeDays,
  });

  const countInWave = (draft: WaveDraft, a: SegmentAssignment): void => {
    let c = counts[draft.index];
    if (!c) counts[draft.index] = c = { bySegment: {}, byTreatment: {}, writeOps: {}, deadlineOps: 0, tasks: 0 };
    c.bySegment[a.segment] = (c.bySegment[a.segment] ?? 0) + 1;
    c.byTreatment[a.treatment] = (c.byTreatment[a.treatment] ?? 0) + 1;
    const templates = templatesOf(a.treatment, a.kind, a.linked !== null, a.mfaRegistered);
    if (templates.length === 0) c.tasks++;
    for (const t of templates) {
      if (t.phase === 'deadline') {
        c.deadlineOps++;
        continue;
      }
      const directory = t.side === 'linked' && a.linked ? a.linked.directory : a.directory;
      c.writeOps[directory] = (c.writeOps[directory] ?? 0) + 1;
    }
  };

  return {
    /** Before a bucket's members, buckets in order. */
    bucket(bucket: SpillBucket): void {
      inKrbtgt = bucket.tier === krbtgtTier;
      if (!inKrbtgt) builder.group(bucket);
    },

    /** The bucket's next member. */
    member(a: SegmentAssignment): void {
      if (inKrbtgt) krbtgt.push(a);
      else countInWave(builder.place(a), a);
      bySegment[a.segment] = (bySegment[a.segment] ?? 0) + 1;
      byTreatment[a.treatment] = (byTreatment[a.treatment] ?? 0) + 1;
      countAlternative(alternatives, a);
      hybrid.add(a);
    },

    finish() {
      const waves = builder.finish().map((draft) => finishWave(draft, counts[draft.index] as WaveCounts, input, ctx));
      const identities = waves.reduce((sum, w) => sum + w.size, 0) + krbtgt.length;
      return { waves, krbtgt, bySegment, byTreatment, alternatives, hybrid, identities };
    },
  };
}

function finishWave(draft: WaveDraft, counts: WaveCounts, input: PlanInputSettings, ctx: WavePlannerContext): Wave {
  const deadlineMs = draft.deadlineMs;
  const graceMs = deadlineMs + input.waves.graceHours * HOUR;
  const busyHours = ctx.capacity.openHoursBetween(draft.startMs, draft.busyUntilMs);
  const tierName = tierNames[draft.tier];
  const shown = draft.groups.slice(0, 3).join(', ');
  return {
    number: draft.index + 1,
    tier: draft.tier,
    label: `${tierName}: ${shown}${draft.groups.length > 3 ? ` and ${draft.groups.length - 3} more` : ''}`,
    groups: draft.groups,
    firstAssignment: draft.first,
    size: draft.size,
    bySegment: counts.bySegment,
    byTreatment: counts.byTreatment,
    tasks: counts.tasks,
    startAt: iso(draft.startMs),
    reminders: input.waves.reminderHours
      .map((h) => deadlineMs - h * HOUR)
      .filter((t) => t > draft.startMs)
      .sort((x, y) => x - y)
      .map(iso),
    deadlineAt: iso(deadlineMs),
    graceEndsAt: iso(graceMs),
    // SAFETY: a wave above the blast radius cannot run on one person's approval.
    needsSecondApprover: draft.size > input.blastRadius,
    forecast: {
      expectedCalls: round(draft.expectedCalls),
      capacityCalls: round(draft.capacityCalls),
      helpdeskBusyUntil: iso(draft.busyUntilMs),
      callsPerHour: busyHours > 0 ? round(draft.expectedCalls / busyHours) : 0,
      writeOps: counts.writeOps,
      deadlineOpsAtMost: counts.deadlineOps,
      writeSeconds: round(writeSeconds(counts.writeOps, input.directories)),
      durationHours: round((graceMs - draft.startMs) / HOUR),
    },
  };
}
