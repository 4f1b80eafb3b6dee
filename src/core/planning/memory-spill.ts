// The in-memory assignment spill (assignment-spill.ts): each bucket's assignments in one array,
// the objects themselves (not copies). What the whole-array planner, the benches and the tests use.
import type { SegmentAssignment } from '../segmentation/segment-identities.ts';
import { createBucketTally, type SpillBucket, type SpillEntry } from './assignment-spill.ts';

export interface MemorySpill {
  add(page: readonly SpillEntry[]): void;
  buckets(): SpillBucket[];
  members(bucket: SpillBucket): Iterable<readonly SegmentAssignment[]>;
}

export function createMemorySpill(): MemorySpill {
  const tally = createBucketTally();
  const lists = new Map<number, Map<string, SegmentAssignment[]>>();
  return {
    add(page) {
      for (const entry of page) {
        tally.note(entry);
        let groups = lists.get(entry.tier);
        if (!groups) lists.set(entry.tier, (groups = new Map()));
        const list = groups.get(entry.group);
        if (list) list.push(entry.assignment);
        else groups.set(entry.group, [entry.assignment]);
      }
    },
    buckets: () => tally.sorted(),
    members: (bucket) => [lists.get(bucket.tier)?.get(bucket.group) ?? []],
  };
}
