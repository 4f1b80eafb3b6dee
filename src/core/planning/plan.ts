// The plan: plain serialisable data. Waves hold a contiguous range of `assignments` (which are
// stored in wave order), so a million identities cost one array, not one per wave.
import type { AssuranceLevel } from '../triage/decide-triage.ts';
import type { SegmentAssignment, SetAside } from '../segmentation/segment-identities.ts';
import type { Tier } from '../segmentation/segments.ts';
import type { PlanHybrid } from './plan-hybrid.ts';

export const planFormat = 'reclaim-plan/1';

export interface WaveForecast {
  expectedCalls: number;
  /** calls the helpdesk can take between the wave's start and its deadline */
  capacityCalls: number;
  /** when the helpdesk is expected to have absorbed this wave's calls (the next wave starts then) */
  helpdeskBusyUntil: string;
  /** expected calls per open helpdesk hour while the wave's calls are absorbed */
  callsPerHour: number;
  /** automated operations at the wave's start, per directory id */
  writeOps: Record<string, number>;
  /** at most this many conditional operations at the deadline (disable the non-compliant) */
  deadlineOpsAtMost: number;
  writeSeconds: number;
  /** start to end of grace */
  durationHours: number;
}

export interface Wave {
  number: number;
  tier: Tier;
  label: string;
  groups: string[];
  /** the wave's identities are assignments[firstAssignment .. firstAssignment + size) */
  firstAssignment: number;
  size: number;
  bySegment: Record<string, number>;
  byTreatment: Record<string, number>;
  tasks: number;
  startAt: string;
  reminders: string[];
  deadlineAt: string;
  graceEndsAt: string;
  needsSecondApprover: boolean;
  forecast: WaveForecast;
}

export interface KrbtgtStep {
  directory: string;
  key: string;
  name: string;
  step: 1 | 2;
  at: string;
  why: string;
}

export interface PlanAlternative {
  segment: string;
  defaultTreatment: string;
  alternative: 'passwordPolicyExpiry';
  description: string;
  chosen: boolean;
  identities: number;
  drawback: string;
  mitigation: string;
  note: string | null;
}

export interface PlanTotals {
  identities: number;
  inWaves: number;
  waves: number;
  bySegment: Record<string, number>;
  byTreatment: Record<string, number>;
  expectedCalls: number;
  writeSeconds: number;
  endsAt: string;
  durationHours: number;
}

export interface PlanSettingsEcho {
  groupBy: string;
  deadlineHours: number;
  reminderHours: number[];
  graceHours: number;
  maxWaveSize: number | null;
  spacingHours: number;
  blastRadius: number;
  revokeSessions: boolean;
  removeAuthMethods: boolean;
  policyMaxAgeDays: number;
  helpdeskPeakCallsPerHour: number;
}

export interface Plan {
  format: typeof planFormat;
  /** sha-256 (through the hash port) of the canonical plan without createdAt */
  contentHash: string;
  createdAt: string;
  startAt: string;
  assurance: AssuranceLevel;
  settings: PlanSettingsEcho;
  waves: Wave[];
  /** in wave order; an assignment's `wave` is 0 for krbtgt, which follows its own timeline */
  assignments: SegmentAssignment[];
  krbtgt: KrbtgtStep[];
  alternatives: PlanAlternative[];
  /** synced people: treatments with their reasons, and the caveats (absent in plans made before it existed) */
  hybrid?: PlanHybrid;
  protected: SetAside[];
  unmanageable: SetAside[];
  outOfScope: { count: number; sample: string[]; reason: string };
  /** known-compromised names from triage that match no discovered identity (absent in older plans) */
  unmatchedCompromised?: string[];
  totals: PlanTotals;
}

/** A plan without its assignments: what a reader of a stored plan gets at once (the assignments come in pages). */
export type PlanHeader = Omit<Plan, 'assignments'>;

export function waveAssignments(plan: Plan, wave: Wave): SegmentAssignment[] {
  return plan.assignments.slice(wave.firstAssignment, wave.firstAssignment + wave.size);
}
