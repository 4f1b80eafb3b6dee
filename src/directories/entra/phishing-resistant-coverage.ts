// Which admins a Conditional Access policy forces onto phishing-resistant MFA (graph.md A11):
// an enabled policy for all applications whose authentication strength allows only
// phishing-resistant combinations, covering the admin's roles or the admin directly. Pure.

export interface CaPolicy {
  id?: string;
  displayName?: string;
  state?: string;
  conditions?: {
    users?: { includeUsers?: string[]; excludeUsers?: string[]; includeRoles?: string[]; excludeRoles?: string[] };
    applications?: { includeApplications?: string[] };
  };
  grantControls?: { authenticationStrength?: { id?: string; allowedCombinations?: string[] } | null } | null;
}

export interface AuthStrength {
  id?: string;
  allowedCombinations?: string[];
}

const phishingResistantCombinations = new Set(['fido2', 'windowsHelloForBusiness', 'x509CertificateMultiFactor']);

export interface PhishingResistantCoverage {
  /** the enforcing policies, by display name */
  policies: string[];
  isCovered(userId: string, roleIds: Iterable<string>): boolean;
}

export function phishingResistantCoverage(
  policies: readonly CaPolicy[],
  strengths: readonly AuthStrength[],
): PhishingResistantCoverage {
  const strengthById = new Map(strengths.filter((s) => s.id).map((s) => [s.id as string, s]));
  const enforcing = policies.filter((p) => {
    if (p.state !== 'enabled') return false; // report-only policies enforce nothing
    if (!(p.conditions?.applications?.includeApplications ?? []).includes('All')) return false;
    const inline = p.grantControls?.authenticationStrength;
    const combinations =
      inline?.allowedCombinations ?? (inline?.id ? strengthById.get(inline.id)?.allowedCombinations : undefined);
    return (
      combinations !== undefined &&
      combinations.length > 0 &&
      combinations.every((c) => phishingResistantCombinations.has(c))
    );
  });
  return {
    policies: enforcing.map((p) => p.displayName ?? p.id ?? '?'),
    isCovered(userId, roleIds) {
      const roles = [...roleIds];
      return enforcing.some((p) => {
        const users = p.conditions?.users ?? {};
        if ((users.excludeUsers ?? []).includes(userId)) return false;
        if (roles.some((r) => (users.excludeRoles ?? []).includes(r))) return false;
        const include = users.includeUsers ?? [];
        return (
          include.includes('All') ||
          include.includes(userId) ||
          roles.some((r) => (users.includeRoles ?? []).includes(r))
        );
      });
    },
  };
}
