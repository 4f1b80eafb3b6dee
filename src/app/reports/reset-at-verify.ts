// Who the latest verification found reset (Reclaim replaced the password after T0, the owner has
// not chosen their own yet): contained, so the report does not list them as missed. Asked a page
// of people at a time, from the run's findings in the store (details.runId); an audit entry from
// before migration 0015 listed them itself (details.resetKeys).
import type { Store } from '../../store/open-store.ts';
import { resetFindingKeysAmong } from '../../store/verify/read-verify-findings.ts';

export type ResetAmong = (people: ReadonlyArray<{ directory: string; key: string }>) => Promise<ReadonlySet<string>>;

/** `details`: the latest verify audit entry's; the answer holds `${directory}\n${key}` of those of `people` found reset. */
export function resetAtVerify(store: Store, details: { runId?: unknown; resetKeys?: unknown } | null): ResetAmong {
  if (typeof details?.runId === 'number') {
    const runId = details.runId;
    return (people) => resetFindingKeysAmong(store, runId, people);
  }
  const listed = new Set(Array.isArray(details?.resetKeys) ? (details.resetKeys as string[]) : []);
  return async () => listed;
}
