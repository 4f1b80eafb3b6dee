// A plan's assignments read back from the spill they were planned from (assignment-spill.ts), in
// plan order (the waves' members, then the krbtgt accounts), each with its wave number: waves are
// consecutive ranges of that order (plan.ts), krbtgt is wave 0. In pages, as the spill gives them.
import type { SegmentAssignment } from '../segmentation/segment-identities.ts';
import { krbtgtTier, type SpillBucket, type SpillReader } from './assignment-spill.ts';
import type { MemorySpill } from './memory-spill.ts';
import type { Wave } from './plan.ts';

type WaveRange = Pick<Wave, 'number' | 'firstAssignment' | 'size'>;

export async function* plannedAssignmentPages(
  spill: SpillReader,
  waves: readonly WaveRange[],
): AsyncGenerator<readonly SegmentAssignment[]> {
  const number = waveNumbering(waves);
  for await (const bucket of spill.buckets())
    for await (const page of spill.members(bucket)) yield number(bucket, page);
}

/** The same from the in-memory spill, synchronously (the whole-array planner). */
export function* plannedAssignments(
  spill: MemorySpill,
  waves: readonly WaveRange[],
): Generator<readonly SegmentAssignment[]> {
  const number = waveNumbering(waves);
  for (const bucket of spill.buckets()) for (const page of spill.members(bucket)) yield number(bucket, page);
}

/** Sets each assignment's wave from its position in plan order (pages must come in that order). */
function waveNumbering(waves: readonly WaveRange[]) {
  let position = 0;
  let w = 0;
  return (bucket: SpillBucket, page: readonly SegmentAssignment[]): readonly SegmentAssignment[] => {
    for (const a of page) {
      if (bucket.tier === krbtgtTier) {
        a.wave = 0;
        continue;
      }
      while (w < waves.length && position >= (waves[w] as WaveRange).firstAssignment + (waves[w] as WaveRange).size)
        w++;
      a.wave = (waves[w] as WaveRange).number;
      position++;
    }
    return page;
  };
}
