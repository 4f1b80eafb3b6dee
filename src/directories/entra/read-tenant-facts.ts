// Tenant-wide facts discovery needs beside the users: directory sync and its features (graph.md
// A7) and the Conditional Access coverage of admins by phishing-resistant MFA (A11).
import type { GraphApi } from './graph-api.ts';
import {
  phishingResistantCoverage,
  type AuthStrength,
  type CaPolicy,
  type PhishingResistantCoverage,
} from './phishing-resistant-coverage.ts';
import { tolerated } from './tolerated-refusal.ts';

export interface TenantFacts {
  onPremisesSyncEnabled: boolean | null;
  /** onPremisesDirectorySynchronization features: passwordSyncEnabled, userForcePasswordChangeOnLogonEnabled, ...
   *  (passwordWritebackEnabled is documented as not in use, so it is not trusted) */
  syncFeatures: Record<string, boolean>;
  phishingResistant: PhishingResistantCoverage;
  gaps: string[];
}

export async function readTenantFacts(graph: GraphApi): Promise<TenantFacts> {
  const gaps: string[] = [];
  let onPremisesSyncEnabled: boolean | null = null;
  try {
    const org = await graph.read('/organization?$select=id,onPremisesSyncEnabled', 'reading the organization');
    const first = (org.value as Array<{ onPremisesSyncEnabled?: boolean | null }> | undefined)?.[0];
    onPremisesSyncEnabled = first?.onPremisesSyncEnabled ?? null;
  } catch (error) {
    gaps.push(`organization: ${tolerated(error).message}`);
  }
  const syncFeatures: Record<string, boolean> = {};
  try {
    const sync = await graph.read('/directory/onPremisesSynchronization', 'reading directory sync features');
    const entry =
      (sync.value as Array<{ features?: Record<string, unknown> }> | undefined)?.[0] ??
      (sync as { features?: Record<string, unknown> });
    for (const [key, value] of Object.entries(entry.features ?? {}))
      if (typeof value === 'boolean') syncFeatures[key] = value;
  } catch (error) {
    gaps.push(`sync features: ${tolerated(error).message}`);
  }
  // Conditional Access allows 1 request per second per tenant and sends no Retry-After: read each once.
  let policies: CaPolicy[] = [];
  let strengths: AuthStrength[] = [];
  try {
    for await (const page of graph.pages<CaPolicy>(
      '/identity/conditionalAccess/policies',
      'reading Conditional Access policies',
    ))
      policies = policies.concat(page);
    for await (const page of graph.pages<AuthStrength>(
      '/policies/authenticationStrengthPolicies',
      'reading authentication strengths',
    ))
      strengths = strengths.concat(page);
  } catch (error) {
    gaps.push(`conditional access: ${tolerated(error).message}`);
  }
  return {
    onPremisesSyncEnabled,
    syncFeatures,
    phishingResistant: phishingResistantCoverage(policies, strengths),
    gaps,
  };
}
