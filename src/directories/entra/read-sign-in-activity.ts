// Last sign-in per user (graph.md A1): `signInActivity` needs Entra ID P1 and AuditLog.Read.All,
// pages of at most 500, and its own limit of 10 requests per minute, so it is read in a separate,
// evenly paced pass (5,000 users a minute) only when asked for. graph.md A9 also lists it among the
// identity and access reports (5 requests per 10 s): the caller's pacer takes both into account.
import type { GraphApi } from './graph-api.ts';
import { tolerated } from './tolerated-refusal.ts';

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

export async function readSignInActivity(graph: GraphApi, beforePage: () => Promise<void>): Promise<SignInActivity> {
  const byUser = new Map<string, string | null>();
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
