// The shape of a plan, as the planner produces it (core/planning/plan.ts), for `reclaim plan import`:
// an edited plan is checked in whole before it is saved. Unknown fields are refused (strict), so a
// field the planner adds must be added here: test/cli/plan-import.test.ts imports what `plan
// export` prints and fails otherwise.
import { z } from 'zod';
import { segmentIds } from '../../core/segmentation/segments.ts';
import { treatmentIds } from '../../core/segmentation/treatments.ts';
import { hybridWhyText } from '../../core/segmentation/hybrid-choice.ts';
import { planFormat } from '../../core/planning/plan.ts';

const instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected a date-time (ISO 8601)');
const count = z.number().int().nonnegative();
const counts = z.record(z.string(), count);
const text = z.string();
const hybridWhy = z.enum(
  Object.keys(hybridWhyText) as [keyof typeof hybridWhyText, ...Array<keyof typeof hybridWhyText>],
);

const forecast = z.strictObject({
  expectedCalls: z.number().nonnegative(),
  capacityCalls: z.number().nonnegative(),
  helpdeskBusyUntil: instant,
  callsPerHour: z.number().nonnegative(),
  writeOps: counts,
  deadlineOpsAtMost: count,
  writeSeconds: z.number().nonnegative(),
  durationHours: z.number().nonnegative(),
});

const wave = z.strictObject({
  number: z.number().int().positive(),
  tier: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
  label: z.string().min(1),
  groups: z.array(text),
  firstAssignment: count,
  size: count,
  bySegment: counts,
  byTreatment: counts,
  tasks: count,
  startAt: instant,
  reminders: z.array(instant),
  deadlineAt: instant,
  graceEndsAt: instant,
  needsSecondApprover: z.boolean(),
  forecast,
});

const ref = z.strictObject({ directory: z.string().min(1), key: z.string().min(1), name: text });

const assignment = z.strictObject({
  directory: z.string().min(1),
  key: z.string().min(1),
  name: text,
  dn: z.string().nullable(),
  kind: z.enum(['ad', 'entra']),
  segment: z.enum(segmentIds),
  treatment: z.enum(treatmentIds),
  why: hybridWhy.nullable(),
  ruleId: text,
  rule: text,
  linked: ref.nullable(),
  ssprRegistered: z.boolean(),
  mfaRegistered: z.boolean(),
  group: text,
  owner: z.string().nullable(),
  compromised: z.boolean(),
  wave: count,
});

const setAside = z.strictObject({
  directory: z.string().min(1),
  key: z.string().min(1),
  name: text,
  ruleId: text,
  reason: text,
});

export const planSchema = z.strictObject({
  format: z.literal(planFormat),
  contentHash: text,
  createdAt: instant,
  startAt: instant,
  assurance: z.enum(['standard', 'high']),
  settings: z.strictObject({
    groupBy: text,
    deadlineHours: z.number().positive(),
    reminderHours: z.array(z.number().nonnegative()),
    graceHours: z.number().nonnegative(),
    maxWaveSize: z.number().int().positive().nullable(),
    spacingHours: z.number().nonnegative(),
    blastRadius: count,
    revokeSessions: z.boolean(),
    removeAuthMethods: z.boolean(),
    policyMaxAgeDays: z.number().nonnegative(),
    helpdeskPeakCallsPerHour: z.number().nonnegative(),
  }),
  waves: z.array(wave),
  assignments: z.array(assignment),
  krbtgt: z.array(
    z.strictObject({
      directory: z.string().min(1),
      key: z.string().min(1),
      name: text,
      step: z.union([z.literal(1), z.literal(2)]),
      at: instant,
      why: text,
    }),
  ),
  alternatives: z.array(
    z.strictObject({
      segment: text,
      defaultTreatment: text,
      alternative: z.literal('passwordPolicyExpiry'),
      description: text,
      chosen: z.boolean(),
      identities: count,
      drawback: text,
      mitigation: text,
      note: z.string().nullable(),
    }),
  ),
  hybrid: z
    .strictObject({
      people: count,
      reasons: z.array(z.strictObject({ why: hybridWhy, treatment: text, people: count, explanation: text })),
      notes: z.array(text),
    })
    .optional(),
  protected: z.array(setAside),
  unmanageable: z.array(setAside),
  outOfScope: z.strictObject({ count, sample: z.array(text), reason: text }),
  unmatchedCompromised: z.array(text).optional(),
  totals: z.strictObject({
    identities: count,
    inWaves: count,
    waves: count,
    bySegment: counts,
    byTreatment: counts,
    expectedCalls: z.number().nonnegative(),
    writeSeconds: z.number().nonnegative(),
    endsAt: instant,
    durationHours: z.number().nonnegative(),
  }),
});
