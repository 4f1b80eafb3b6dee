// Groups assignments into waves and sizes each to the helpdesk: one pass buckets identities by tier
// (privileged, known compromised, service accounts, everyone else) and group key; only the group
// keys are sorted.
// A group stays whole in one wave when it fits, and is split across waves when it does not.
// Waves follow one another: the next starts when the helpdesk has absorbed the previous wave's
// expected calls (at least `spacingHours` later), and a wave never expects more calls than the
// helpdesk can take between its start and its deadline.
import { ReclaimError } from '../errors/reclaim-error.ts';
import type { CallRates } from '../forecast/call-rates.ts';
import type { HelpdeskCapacity } from '../forecast/helpdesk-capacity.ts';
import type { SegmentAssignment } from '../segmentation/segment-identities.ts';
import { tierOf, type Tier } from '../segmentation/segments.ts';

export interface WaveDraft {
  tier: Tier;
  groups: string[];
  members: number[];
  expectedCalls: number;
  capacityCalls: number;
  startMs: number;
  deadlineMs: number;
  busyUntilMs: number;
}

export interface BuildWavesInput {
  assignments: readonly SegmentAssignment[];
  rates: CallRates;
  capacity: HelpdeskCapacity;
  startMs: number;
  deadlineHours: number;
  spacingHours: number;
  maxSize: number;
}

const HOUR = 3_600_000;

export function expectedCalls(a: SegmentAssignment, rates: CallRates): number {
  const rate = rates[a.treatment];
  return a.ssprRegistered ? rate.registered : rate.unregistered;
}

export function buildWaves(input: BuildWavesInput): { waves: WaveDraft[]; krbtgt: number[] } {
  const { assignments, rates, capacity } = input;
  const buckets: Array<Map<string, number[]>> = [new Map(), new Map(), new Map(), new Map()];
  const krbtgt: number[] = [];
  for (let i = 0; i < assignments.length; i++) {
    const a = assignments[i] as SegmentAssignment;
    if (a.segment === 'krbtgt') {
      krbtgt.push(i);
      continue;
    }
    const bucket = buckets[tierOf(a.segment, a.compromised)] as Map<string, number[]>;
    const list = bucket.get(a.group);
    if (list) list.push(i);
    else bucket.set(a.group, [i]);
  }

  const waves: WaveDraft[] = [];
  let cursor = input.startMs;
  let current: WaveDraft | null = null;
  const open = (tier: Tier): WaveDraft => {
    const deadlineMs = cursor + input.deadlineHours * HOUR;
    const capacityCalls = capacity.callsBetween(cursor, deadlineMs);
    return {
      tier,
      groups: [],
      members: [],
      expectedCalls: 0,
      capacityCalls,
      startMs: cursor,
      deadlineMs,
      busyUntilMs: cursor,
    };
  };
  const close = (): void => {
    if (!current || current.members.length === 0) return;
    current.busyUntilMs = capacity.absorbedBy(current.startMs, current.expectedCalls);
    waves.push(current);
    cursor = Math.max(current.startMs + input.spacingHours * HOUR, current.busyUntilMs);
    current = null;
  };

  for (const tier of [0, 1, 2, 3] as const) {
    const bucket = buckets[tier] as Map<string, number[]>;
    for (const group of [...bucket.keys()].sort()) {
      const members = bucket.get(group) as number[];
      let groupCalls = 0;
      for (const i of members) groupCalls += expectedCalls(assignments[i] as SegmentAssignment, rates);
      // keep the group whole: start a fresh wave if it does not fit in the one being filled
      if (
        current &&
        (current.expectedCalls + groupCalls > current.capacityCalls ||
          current.members.length + members.length > input.maxSize)
      )
        close();
      for (const i of members) {
        const calls = expectedCalls(assignments[i] as SegmentAssignment, rates);
        if (
          current &&
          (current.expectedCalls + calls > current.capacityCalls || current.members.length >= input.maxSize)
        )
          close();
        if (!current) {
          current = open(tier);
          // A wave that brings calls starts when the helpdesk can take them before its deadline (not
          // at the end of a shift or in the middle of the night): move to the next open hour.
          for (let tries = 0; calls > current.capacityCalls && tries < 168; tries++) {
            const opens = capacity.nextOpenAt(Math.floor(cursor / HOUR) * HOUR + HOUR);
            if (!Number.isFinite(opens)) break;
            cursor = opens;
            current = open(tier);
          }
          if (calls > current.capacityCalls) {
            throw new ReclaimError(
              'CONFIG_INVALID',
              `helpdesk: no capacity for even one call within a wave's ${input.deadlineHours} h ` +
                `deadline; check helpdesk agents, shifts and waves.deadlineHours`,
            );
          }
        }
        if (current.groups[current.groups.length - 1] !== group) current.groups.push(group);
        current.members.push(i);
        current.expectedCalls += calls;
      }
    }
    // SAFETY of the ordering: a wave never mixes tiers, so privileged accounts are done first.
    close();
  }
  return { waves, krbtgt };
}
