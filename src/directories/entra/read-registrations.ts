// Per-user SSPR/MFA registration from the userRegistrationDetails report (graph.md A6), read at
// the reports limit: 5 requests per 10 s per app and tenant (A9), through the caller's pacer (the
// sign-in activity pass, read at the same time, draws from the same limit).
import type { Registration } from '../../core/identity.ts';
import type { GraphApi } from './graph-api.ts';
import { mapRegistration } from './map-entra-user.ts';
import { tolerated } from './tolerated-refusal.ts';

export interface ReportsQuota {
  requests: number;
  windowMs: number;
}

export const graphReportsQuota: ReportsQuota = { requests: 5, windowMs: 10_000 };

export interface Registrations {
  byUser: Map<string, Registration>;
  gap?: string;
}

export async function readRegistrations(graph: GraphApi, beforePage: () => Promise<void>): Promise<Registrations> {
  const byUser = new Map<string, Registration>();
  try {
    for await (const page of graph.pages<{
      id?: string;
      isSsprRegistered?: boolean;
      isMfaRegistered?: boolean;
      methodsRegistered?: string[];
    }>('/reports/authenticationMethods/userRegistrationDetails', 'reading registration details', { beforePage })) {
      for (const entry of page) if (entry.id) byUser.set(entry.id, mapRegistration(entry));
    }
    return { byUser };
  } catch (error) {
    // The report needs Entra ID P1 and AuditLog.Read.All: without them identities have no
    // registration, which readiness reports as unknown rather than as "not registered".
    return { byUser: new Map(), gap: `registration: ${tolerated(error).message}` };
  }
}
