// The in-scope identities of a plan, as verification and enforcement read them: one target per
// person in a wave, with both sides of a synced person (a hybrid person is verified only when the
// change reached the cloud too).
import type { IdentityRef } from '../../core/identity.ts';
import type { Plan } from '../../core/planning/plan.ts';
import type { VerifyTarget } from '../../engine/verify-campaign.ts';

export function verifyTargets(plan: Plan, waves?: readonly number[]): VerifyTarget[] {
  const chosen = waves && waves.length > 0 ? new Set(waves) : null;
  const targets: VerifyTarget[] = [];
  for (const wave of plan.waves) {
    if (chosen && !chosen.has(wave.number)) continue;
    for (let i = wave.firstAssignment; i < wave.firstAssignment + wave.size; i++) {
      const a = plan.assignments[i]!;
      const self: IdentityRef = { directory: a.directory, key: a.key, name: a.name, ...(a.dn ? { dn: a.dn } : {}) };
      // A federated or pass-through person signs in to the cloud against AD: AD is the proof, and
      // Entra may never learn of the change (no password hash sync) so its side is not required.
      const sides =
        a.linked && a.treatment !== 'hybridAdGoverned'
          ? [self, { directory: a.linked.directory, key: a.linked.key, name: a.linked.name }]
          : [self];
      targets.push({ wave: wave.number, treatment: a.treatment, sides });
    }
  }
  return targets;
}
