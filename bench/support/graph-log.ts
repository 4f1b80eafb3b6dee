// What the Graph emulator applied, from its own request log (it keeps only the last 20,000 entries,
// so it is drained every 100 ms): every successful write with its time, the throttled answers, and
// the reads. A bench reads its results back from here and from the tenant's state.
import type { RunningGraphEmulator } from '../../src/lab/graph/graph-emulator.ts';

export interface AppliedWrite {
  atMs: number;
  key: string;
  inBatch: boolean;
}

export function graphLog(control: RunningGraphEmulator['control']) {
  let writes: AppliedWrite[] = [];
  let throttled = 0;
  let reads = 0;
  const drain = () => {
    const entries = control.requestLog();
    control.clearRequestLog();
    for (const e of entries) {
      if (e.status === 429) throttled += 1;
      if (e.path === '/$batch' || e.status < 200 || e.status >= 300) continue;
      if (e.method === 'GET') reads += 1;
      else writes.push({ atMs: Date.parse(e.at), key: `${e.method} ${e.path}`, inBatch: e.inBatch });
    }
  };
  const timer = setInterval(drain, 100);
  return {
    /** forgets everything seen so far */
    reset() {
      drain();
      writes = [];
      throttled = 0;
      reads = 0;
    },
    read() {
      drain();
      const perKey = new Map<string, number>();
      for (const w of writes) perKey.set(w.key, (perKey.get(w.key) ?? 0) + 1);
      return { writes: [...writes], perKey, throttled, reads };
    },
    stop: () => clearInterval(timer),
  };
}

/**
 * Writes per second between the 5th and the 95th percentile of the applied writes: the steady
 * state, without the first round trips and the tail of the last batches.
 */
export function sustainedRate(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  const lo = Math.floor(sorted.length * 0.05);
  const hi = Math.floor(sorted.length * 0.95);
  const span = ((sorted[hi] as number) - (sorted[lo] as number)) / 1000;
  return span > 0 ? (hi - lo) / span : 0;
}
