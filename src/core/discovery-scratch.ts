// Where a directory's discover() keeps per-person report entries (Entra's registration details and
// last sign-ins) between reading a report and joining the user pages to it by key, so that the
// process holds one page and bounded buffers, not a map over every person. Values are text (the
// directory encodes them). Given by the caller: the store's scratch table during `reclaim
// discover`; in memory when a directory runs standalone (memoryDiscoveryScratch).
export interface DiscoveryScratch {
  /** stores entries of a report; a key stored twice keeps the later value */
  put(report: string, entries: ReadonlyMap<string, string>): Promise<void>;
  /** the entries of a report for these keys (keys without one are absent) */
  get(report: string, keys: readonly string[]): Promise<Map<string, string>>;
  /** forgets every entry of a report (a report cut off part-way counts as not read) */
  drop(report: string): Promise<void>;
}

/** The scratch held in memory: the whole report in the process (a directory run on its own). */
export function memoryDiscoveryScratch(): DiscoveryScratch {
  const reports = new Map<string, Map<string, string>>();
  const report = (name: string) => {
    let entries = reports.get(name);
    if (!entries) reports.set(name, (entries = new Map()));
    return entries;
  };
  return {
    async put(name, entries) {
      const into = report(name);
      for (const [key, value] of entries) into.set(key, value);
    },
    async get(name, keys) {
      const from = report(name);
      const found = new Map<string, string>();
      for (const key of keys) {
        const value = from.get(key);
        if (value !== undefined) found.set(key, value);
      }
      return found;
    },
    async drop(name) {
      reports.delete(name);
    },
  };
}

/** Entries of one report put in batches of `size` (one write per batch, not per Graph page). */
export function scratchWriter(
  scratch: DiscoveryScratch,
  report: string,
  size = 1000,
): { add(key: string, value: string): Promise<void>; flush(): Promise<void> } {
  let pending = new Map<string, string>();
  const flush = async () => {
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    await scratch.put(report, batch);
  };
  return {
    async add(key, value) {
      pending.set(key, value);
      if (pending.size >= size) await flush();
    },
    flush,
  };
}

/** The entries of a report for these keys, each parsed from the JSON its writer stored. */
export async function scratchJsonOf<T>(
  scratch: DiscoveryScratch,
  report: string,
  keys: readonly string[],
): Promise<Map<string, T>> {
  const found = await scratch.get(report, keys);
  return new Map([...found].map(([key, value]) => [key, JSON.parse(value) as T]));
}
