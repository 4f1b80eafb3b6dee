// The FGPP / shortened-maximum-age alternative, shown next to the default treatment of every
// segment it can replace, with its drawback and the mitigation, and whether the plan chose it.
import type { AssuranceLevel } from '../triage/decide-triage.ts';
import type { SegmentAssignment } from '../segmentation/segment-identities.ts';
import type { PlanAlternative } from './plan.ts';

const segmentsWithAlternative = ['onsite', 'vpnCertificate', 'hybrid'] as const;

/** Counts an assignment that took the alternative, by segment (a plan read in pages is counted as it goes). */
export function countAlternative(counts: Map<string, number>, a: SegmentAssignment): void {
  if (a.treatment === 'passwordPolicyExpiry') counts.set(a.segment, (counts.get(a.segment) ?? 0) + 1);
}

export function planAlternatives(
  counts: ReadonlyMap<string, number>,
  chosen: Partial<Record<string, 'passwordPolicyExpiry'>>,
  assurance: AssuranceLevel,
  policyMaxAgeDays: number,
): PlanAlternative[] {
  return segmentsWithAlternative.map((segment) => {
    const wanted = chosen[segment] === 'passwordPolicyExpiry';
    return {
      segment,
      defaultTreatment: segment === 'hybrid' ? 'hybridAdminReset' : 'requireChange',
      alternative: 'passwordPolicyExpiry',
      description:
        `Fine-Grained Password Policy with a maximum password age of ${policyMaxAgeDays} ` +
        `day(s), or progressive reduction of the domain's maximum password age`,
      chosen: wanted && assurance !== 'high',
      identities: counts.get(segment) ?? 0,
      drawback:
        'an attacker keeps an authenticated session until the next logon triggers the change, and the user changes the password with the old one',
      mitigation:
        'Entra sign-in sessions are revoked at once; plan a deadline after which non-compliant accounts are disabled',
      // SAFETY: the alternative lets whoever knows the old password pick the new one.
      note:
        wanted && assurance === 'high'
          ? 'not applied: high assurance requires an administrative reset through the verified helpdesk'
          : segment === 'hybrid'
            ? 'applied only to synced people whose cloud sign-in AD checks (federated or ' +
              'pass-through): under password hash sync an expired AD password keeps signing in to ' +
              'the cloud'
            : null,
    };
  });
}
