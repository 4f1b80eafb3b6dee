// Last sign-in per user (graph.md A1): `signInActivity` needs Entra ID P1 and AuditLog.Read.All,
// pages of at most 500, and its own limit of 10 requests per minute, so it is read in a separate,
// evenly paced pass (5,000 users a minute) only when asked for. graph.md A9 also lists it among the
// identity and access reports (5 requests per 10 s): the caller's pacer takes both into account.
// Entries go to the discovery scratch as they arrive (in batches of 1,000); the user pages are joined to it by id.
import { scratchJsonOf, scratchWriter, type DiscoveryScratch } from '../../core/discovery-scratch.ts';
import type { GraphApi } from './graph-api.ts';
import { tolerated } from './tolerated-refusal.ts';

export interface SignInQuota {
  requests: number;
  windowMs: number;
}

export const graphSignInActivityQuota: SignInQuota = { requests: 10, windowMs: 60_000 };

interface Entry {
  id?: string;
  signInActivity?: { lastSignInDateTime?: string | null; lastNonInteractiveSignInDateTime?: string | null } | null;
}

const report = 'entra.lastSignIn';

/** Spills the pass into the scratch; returns the gap when Graph refused it (nothing kept then). */
export async function readSignInActivity(
  graph: GraphApi,
  scratch: DiscoveryScratch,
  beforePage: () => Promise<void>,
): Promise<{ gap?: string }> {
  const spill = scratchWriter(scratch, report);
  try {
    for await (const page of graph.pages<Entry>(
      '/users?$select=id,signInActivity&$top=500',
      'reading sign-in activity',
      { beforePage },
    )) {
      for (const entry of page) {
        if (!entry.id) continue;
        const times = [
          entry.signInActivity?.lastSignInDateTime,
          entry.signInActivity?.lastNonInteractiveSignInDateTime,
        ].filter((t): t is string => !!t);
        await spill.add(entry.id, JSON.stringify(times.length === 0 ? null : (times.sort().at(-1) as string)));
      }
    }
    await spill.flush();
    return {};
  } catch (error) {
    // Without the licence or the permission the last sign-in stays unknown (not "never").
    const gap = `sign-in activity: ${tolerated(error).message}`;
    await scratch.drop(report);
    return { gap };
  }
}

/** user id -> the latest interactive or non-interactive sign-in, ISO-8601; null = never; absent = not read */
export function lastSignInsOf(
  scratch: DiscoveryScratch,
  userIds: readonly string[],
): Promise<Map<string, string | null>> {
  return scratchJsonOf<string | null>(scratch, report, userIds);
}
