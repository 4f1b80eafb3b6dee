// Directory write time: operations per directory divided by the rate that directory sustains
// (measured by the engine benchmarks, or the quota: Graph per-app limits, a DC's serialised
// writes). Directories are written in parallel, so a wave takes as long as its slowest directory.

export interface DirectoryRate {
  id: string;
  kind: 'ad' | 'entra';
  /** sustained writes per second; defaults: AD 25/s per DC (writes serialise), Entra 10/s per app */
  writesPerSecond?: number | undefined;
}

export const defaultWritesPerSecond = { ad: 25, entra: 10 } as const;

export function writeSeconds(
  opsByDirectory: Readonly<Record<string, number>>,
  directories: readonly DirectoryRate[],
): number {
  let slowest = 0;
  for (const [id, ops] of Object.entries(opsByDirectory)) {
    const d = directories.find((x) => x.id === id);
    const rate = d?.writesPerSecond ?? defaultWritesPerSecond[d?.kind ?? 'ad'];
    slowest = Math.max(slowest, ops / rate);
  }
  return slowest;
}
