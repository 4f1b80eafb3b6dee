// Groups assignments into waves and sizes each to the helpdesk, from the assignments bucketed by
// tier (privileged, known compromised, service accounts, everyone else) and group key
// (assignment-spill.ts), the groups in order and each group's members in the order segmented.
// A group stays whole in one wave when it fits, and is split across waves when it does not.
// Waves follow one another: the next starts when the helpdesk has absorbed the previous wave's
// expected calls (at least `spacingHours` later), and a wave never expects more calls than the
// helpdesk can take between its start and its deadline.
import { ReclaimError } from '../errors/reclaim-error.ts';
import type { CallRates } from '../forecast/call-rates.ts';
import type { HelpdeskCapacity } from '../forecast/helpdesk-capacity.ts';
import type { SegmentAssignment } from '../segmentation/segment-identities.ts';
import type { Tier } from '../segmentation/segments.ts';

export interface WaveDraft {
  /** its place among the waves, from 0 */
  index: number;
  tier: Tier;
  groups: string[];
  /** the wave's members are the plan's assignments [first .. first + size) */
  first: number;
  size: number;
  expectedCalls: number;
  capacityCalls: number;
  startMs: number;
  deadlineMs: number;
  busyUntilMs: number;
}

export interface BuildWavesInput {
  rates: CallRates;
  capacity: HelpdeskCapacity;
  startMs: number;
  deadlineHours: number;
  spacingHours: number;
  maxSize: number;
}

/** A group of assignments as the builder needs it before its members: its size and calls. */
export interface WaveGroup {
  tier: number;
  group: string;
  members: number;
  expectedCalls: number;
}

const HOUR = 3_600_000;

export function expectedCalls(a: SegmentAssignment, rates: CallRates): number {
  const rate = rates[a.treatment];
  return a.ssprRegistered ? rate.registered : rate.unregistered;
}

/**
 * The waves, built as the groups come: each group (by tier, then group key, assignment-spill.ts)
 * is announced with its size and calls, then its members are placed one by one, in order. The
 * plan's assignments are the members in the order placed, so a wave is a range of them.
 */
export function createWaveBuilder(input: BuildWavesInput) {
  const { rates, capacity } = input;
  const waves: WaveDraft[] = [];
  let cursor = input.startMs;
  let current: WaveDraft | null = null;
  let tier: Tier | null = null;
  let group = '';
  let placed = 0;
  const open = (tier: Tier): WaveDraft => {
    const deadlineMs = cursor + input.deadlineHours * HOUR;
    const capacityCalls = capacity.callsBetween(cursor, deadlineMs);
    return {
      index: waves.length,
      tier,
      groups: [],
      first: placed,
      size: 0,
      expectedCalls: 0,
      capacityCalls,
      startMs: cursor,
      deadlineMs,
      busyUntilMs: cursor,
    };
  };
  const close = (): void => {
    if (!current || current.size === 0) return;
    current.busyUntilMs = capacity.absorbedBy(current.startMs, current.expectedCalls);
    waves.push(current);
    cursor = Math.max(current.startMs + input.spacingHours * HOUR, current.busyUntilMs);
    current = null;
  };

  return {
    /** Before a group's members: groups come by tier, then by group key. */
    group(next: WaveGroup): void {
      // SAFETY of the ordering: a wave never mixes tiers, so privileged accounts are done first.
      if (tier !== null && next.tier !== tier) close();
      tier = next.tier as Tier;
      group = next.group;
      // keep the group whole: start a fresh wave if it does not fit in the one being filled
      if (
        current &&
        (current.expectedCalls + next.expectedCalls > current.capacityCalls ||
          current.size + next.members > input.maxSize)
      )
        close();
    },

    /** Places the next member of the group; returns the wave it joined. */
    place(a: SegmentAssignment): WaveDraft {
      const calls = expectedCalls(a, rates);
      if (current && (current.expectedCalls + calls > current.capacityCalls || current.size >= input.maxSize)) close();
      if (!current) {
        current = open(tier as Tier);
        // A wave that brings calls starts when the helpdesk can take them before its deadline (not
        // at the end of a shift or in the middle of the night): move to the next open hour.
        for (let tries = 0; calls > current.capacityCalls && tries < 168; tries++) {
          const opens = capacity.nextOpenAt(Math.floor(cursor / HOUR) * HOUR + HOUR);
          if (!Number.isFinite(opens)) break;
          cursor = opens;
          current = open(tier as Tier);
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
      current.size++;
      current.expectedCalls += calls;
      placed++;
      return current;
    },

    /** Closes the last wave; the waves in order. */
    finish(): WaveDraft[] {
      close();
      return waves;
    },
  };
}
