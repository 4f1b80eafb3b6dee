// What the plan says about its synced (hybrid) people: how many got each treatment and why, in
// words an approver can check against the facts readiness knows, and the caveats that follow from
// how Entra Connect carries passwords (graph.md, "Synced users" and its Correction).
import type { SegmentAssignment } from '../segmentation/segment-identities.ts';
import { hybridWhyText, type HybridWhy } from '../segmentation/hybrid-choice.ts';

export interface PlanHybridReason {
  why: HybridWhy;
  treatment: string;
  people: number;
  explanation: string;
}

export interface PlanHybrid {
  people: number;
  reasons: PlanHybridReason[];
  notes: string[];
}

/** The hybrid section counted one assignment at a time, in plan order (a plan read in pages). */
export function createHybridTally() {
  const counts = new Map<string, PlanHybridReason>();
  let people = 0;
  return {
    add(a: SegmentAssignment): void {
      if (a.why === null || a.why === undefined) return;
      people++;
      const key = `${a.why}\n${a.treatment}`;
      const found = counts.get(key);
      if (found) found.people++;
      else counts.set(key, { why: a.why, treatment: a.treatment, people: 1, explanation: hybridWhyText[a.why] });
    },
    plan: (forceChangeSyncEnabled: boolean | undefined): PlanHybrid =>
      hybridOfCounts(counts, people, forceChangeSyncEnabled),
  };
}

function hybridOfCounts(
  counts: ReadonlyMap<string, PlanHybridReason>,
  people: number,
  forceChangeSyncEnabled: boolean | undefined,
): PlanHybrid {
  const reasons = [...counts.values()].sort((x, y) => y.people - x.people || x.why.localeCompare(y.why));
  const has = (treatment: string) => reasons.some((r) => r.treatment === treatment);
  const notes: string[] = [];
  if (people > 0)
    notes.push(
      'AD\'s "must change at next logon" alone never reaches the cloud: Entra Connect carries it ' +
        'only together with a password change, so no synced person relies on it for the cloud.',
    );
  if (has('hybridForceChange'))
    notes.push(
      'The Graph force change is read back; where Graph ignored it, the run replaces it with an AD admin reset with must-change for that person.',
    );
  if (has('hybridAdminReset') || has('hybridForceChange')) {
    notes.push(
      'An AD reset reaches the cloud on the next password hash sync cycle (about every 2 minutes); ' +
        '`reclaim verify` checks that Entra shows the newer password change.',
    );
  }
  if (has('hybridAdminReset') && forceChangeSyncEnabled !== true) {
    notes.push(
      `ForcePasswordChangeOnLogOn is ${forceChangeSyncEnabled === false ? 'off' : 'unknown'}: after ` +
        `an AD reset the cloud does not demand a change, and a temporary password the helpdesk ` +
        `sets in AD signs in to the cloud as it is until the user changes it.`,
    );
  }
  return { people, reasons, notes };
}

/** The plan's hybrid section as text lines (empty without synced people). */
export function renderPlanHybrid(hybrid: PlanHybrid | undefined): string[] {
  if (!hybrid || hybrid.people === 0) return [];
  return [
    `Synced (hybrid) people: ${hybrid.people}`,
    ...hybrid.reasons.map((r) => `  ${r.treatment} ${r.people}: ${r.explanation}`),
    ...hybrid.notes.map((n) => `  note: ${n}`),
  ];
}
