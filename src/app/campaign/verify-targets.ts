// The in-scope identities of a plan, as verification and enforcement read them: one target per
// person in a wave, with both sides of a synced person (a hybrid person is verified only when the
// change reached the cloud too). Read page by page from the plan's assignment rows, with the
// page's password replacements from the journal: memory follows a page, not the plan.
import type { IdentityRef } from '../../core/identity.ts';
import type { PlanHeader } from '../../core/planning/plan.ts';
import type { SegmentAssignment } from '../../core/segmentation/segment-identities.ts';
import { manualTaskKindOf } from '../../core/tasks/manual-task.ts';
import type { VerifyPage, VerifyTarget } from '../../engine/verify-campaign.ts';
import { replacedPasswords } from '../../store/actions/replaced-passwords.ts';
import type { Store } from '../../store/open-store.ts';
import { waveAssignmentPages } from '../../store/plans/read-plan-assignments.ts';

export function verifyTargets(rows: Iterable<{ wave: number; assignment: SegmentAssignment }>): VerifyTarget[] {
  const targets: VerifyTarget[] = [];
  for (const { wave, assignment: a } of rows) {
    const self: IdentityRef = { directory: a.directory, key: a.key, name: a.name, ...(a.dn ? { dn: a.dn } : {}) };
    // A federated or pass-through person signs in to the cloud against AD: AD is the proof, and
    // Entra may never learn of the change (no password hash sync) so its side is not required.
    const sides =
      a.linked && a.treatment !== 'hybridAdGoverned'
        ? [self, { directory: a.linked.directory, key: a.linked.key, name: a.linked.name }]
        : [self];
    targets.push({ wave, treatment: a.treatment, sides });
  }
  return targets;
}

/**
 * The chosen waves' people (every wave when none is chosen), page by page, for verifyCampaign: the
 * people a manual task covers are left to the tasks' verification (counted `elsewhere`).
 */
export async function* verifyTargetPages(
  store: Store,
  input: { campaignId: string; versionId: string; waves: PlanHeader['waves']; chosen?: number[]; pageSize?: number },
): AsyncGenerator<VerifyPage> {
  const chosen = input.chosen?.length ? new Set(input.chosen) : undefined;
  for await (const rows of waveAssignmentPages(store, input.versionId, input.waves, chosen, input.pageSize)) {
    const targets = verifyTargets(rows.filter((r) => manualTaskKindOf(r.assignment.treatment) === null));
    const replacedByReclaim = await replacedPasswords(
      store,
      input.campaignId,
      targets.flatMap((t) => t.sides),
    );
    yield { targets, elsewhere: rows.length - targets.length, replacedByReclaim };
  }
}
