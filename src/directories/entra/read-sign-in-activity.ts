// Last sign-in per user (graph.md A1): `signInActivity` needs Entra ID P1 and AuditLog.Read.All,
// pages of at most 500, and its own limit of 10 requests per minute, so it is read in a separate,
// evenly paced pass (5,000 users a minute) only when asked for.
import type { GraphApi } from './graph-api.ts';
import { tolerated } from './tolerated-refusal.ts';
import { realPacerClock, type PacerClock } from './write-pacer.ts';

export interface SignInQuota {
  requests: number;
  windowMs: number;
}

export const graphSignInActivityQuota: SignInQuota = { requests: 10, windowMs: 60_000 };

export interface SignInActivity {
  /** user id -> the latest interactive or non-interactive sign-in, ISO-8601; null = never */
  byUser: Map<string, string | null>;
  gap?: string;
}

interface Entry {
  id?: string;
  signInActivity?: { lastSignInDateTime?: string | null; lastNonInteractiveSignInDateTime?: string | null } | null;
}

export async function readSignInActivity(
  graph: GraphApi,
  quota: SignInQuota = graphSignInActivityQuota,
  clock: PacerClock = realPacerClock,
): Promise<SignInActivity> {
  const byUser = new Map<string, string | null>();
  const spacingMs = (quota.windowMs / quota.requests) * 1.05;
  let last = -Infinity;
  const beforePage = async () => {
    const wait = last + spacingMs - clock.now();
    if (wait > 0) await clock.sleep(wait);
    last = clock.now();
  };
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
        byUser.set(entry.id, times.length === 0 ? null : (times.sort().at(-1) as string));
      }
    }
    return { byUser };
  } catch (error) {
    // Without the licence or the permission the last sign-in stays unknown (not "never").
    return { byUser: new Map(), gap: `sign-in activity: ${tolerated(error).message}` };
  }
}
