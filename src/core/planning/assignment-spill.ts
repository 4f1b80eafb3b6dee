// Where the planner keeps the segmentation's assignments while it plans (issue 17): a spill that
// takes them a page at a time, under their (tier, group) bucket, and gives them back bucket by
// bucket in the order they were added. `reclaim plan` spills to a scratch table of the store
// (src/store/plans/store-plan-spill.ts), so no step holds every assignment; the whole-array
// planner, the benches and the tests use the in-memory one (memory-spill.ts).
// The buckets' member counts and expected calls are tallied here as entries are added, in the
// order they are added (a sum of floating-point rates depends on its order: waves must be cut
// exactly where the whole-array planner cut them); that is one small record per group.
import type { CallRates } from '../forecast/call-rates.ts';
import type { SegmentAssignment } from '../segmentation/segment-identities.ts';
import { tierOf } from '../segmentation/segments.ts';
import { expectedCalls } from './build-waves.ts';

/** The bucket of krbtgt accounts: after every tier of waves (krbtgt follows its own timeline). */
export const krbtgtTier = 4;

export interface SpillEntry {
  /** 0..3 (segments.ts, tierOf), or krbtgtTier */
  tier: number;
  group: string;
  /** the helpdesk calls the assignment is expected to bring (build-waves.ts, expectedCalls) */
  calls: number;
  assignment: SegmentAssignment;
}

export interface SpillBucket {
  tier: number;
  group: string;
  members: number;
  /** the members' expected calls, summed in the order they were added */
  expectedCalls: number;
}

/** An assignment under its bucket: krbtgt accounts in one bucket, the others by tier and group. */
export function spillEntryOf(assignment: SegmentAssignment, rates: CallRates): SpillEntry {
  const krbtgt = assignment.segment === 'krbtgt';
  return {
    tier: krbtgt ? krbtgtTier : tierOf(assignment.segment, assignment.compromised),
    group: krbtgt ? '' : assignment.group,
    calls: krbtgt ? 0 : expectedCalls(assignment, rates),
    assignment,
  };
}

/** Sync for the in-memory spill, async for the store's: the async planner takes either. */
type Many<T> = Iterable<T> | AsyncIterable<T>;

export interface AssignmentSpill extends SpillReader {
  /** keeps a page of assignments, each under its bucket, after those already added */
  add(page: readonly SpillEntry[]): void | Promise<void>;
}

/** What planning and saving read back from a spill. */
export interface SpillReader {
  /** every bucket, by tier, then by group (JavaScript string order, as `Array.prototype.sort`) */
  buckets(): Many<SpillBucket>;
  /** a bucket's members in the order they were added, in pages */
  members(bucket: SpillBucket): Many<readonly SegmentAssignment[]>;
}

/** The tallies of the buckets, kept as entries are added (both spills use it). */
export function createBucketTally() {
  const byTier = new Map<number, Map<string, SpillBucket>>();
  return {
    note(entry: SpillEntry): void {
      let groups = byTier.get(entry.tier);
      if (!groups) byTier.set(entry.tier, (groups = new Map()));
      const bucket = groups.get(entry.group);
      if (bucket) {
        bucket.members++;
        bucket.expectedCalls += entry.calls;
      } else groups.set(entry.group, { tier: entry.tier, group: entry.group, members: 1, expectedCalls: entry.calls });
    },
    /** copies, sorted by tier then group */
    sorted(): SpillBucket[] {
      const out: SpillBucket[] = [];
      for (const tier of [...byTier.keys()].sort((x, y) => x - y)) {
        const groups = byTier.get(tier) as Map<string, SpillBucket>;
        for (const group of [...groups.keys()].sort()) out.push({ ...(groups.get(group) as SpillBucket) });
      }
      return out;
    },
  };
}
