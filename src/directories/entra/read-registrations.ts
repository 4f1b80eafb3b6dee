// Per-user SSPR/MFA registration from the userRegistrationDetails report (graph.md A6), read at
// the reports limit: 5 requests per 10 s per app and tenant (A9), through the caller's pacer (the
// sign-in activity pass, read at the same time, draws from the same limit). Each page goes to the
// discovery scratch as it arrives, in batches of 1,000 (a Registration as JSON, by user id); the user pages are joined
// to it by id (registrationsOf), so no map over every user is held.
import { scratchJsonOf, scratchWriter, type DiscoveryScratch } from '../../core/discovery-scratch.ts';
import type { Registration } from '../../core/identity.ts';
import type { GraphApi } from './graph-api.ts';
import { mapRegistration } from './map-entra-user.ts';
import { tolerated } from './tolerated-refusal.ts';

export interface ReportsQuota {
  requests: number;
  windowMs: number;
}

export const graphReportsQuota: ReportsQuota = { requests: 5, windowMs: 10_000 };

const report = 'entra.registration';

/** Spills the report into the scratch; returns the gap when Graph refused it (nothing kept then). */
export async function readRegistrations(
  graph: GraphApi,
  scratch: DiscoveryScratch,
  beforePage: () => Promise<void>,
): Promise<{ gap?: string }> {
  const spill = scratchWriter(scratch, report);
  try {
    for await (const page of graph.pages<{
      id?: string;
      isSsprRegistered?: boolean;
      isMfaRegistered?: boolean;
      methodsRegistered?: string[];
    }>('/reports/authenticationMethods/userRegistrationDetails', 'reading registration details', { beforePage })) {
      for (const entry of page) if (entry.id) await spill.add(entry.id, JSON.stringify(mapRegistration(entry)));
    }
    await spill.flush();
    return {};
  } catch (error) {
    // The report needs Entra ID P1 and AuditLog.Read.All: without them identities have no
    // registration, which readiness reports as unknown rather than as "not registered".
    const gap = `registration: ${tolerated(error).message}`;
    await scratch.drop(report);
    return { gap };
  }
}

/** The registrations of one page of users, by user id. */
export function registrationsOf(
  scratch: DiscoveryScratch,
  userIds: readonly string[],
): Promise<Map<string, Registration>> {
  return scratchJsonOf<Registration>(scratch, report, userIds);
}
