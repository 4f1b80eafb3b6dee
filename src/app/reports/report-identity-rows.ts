// One CSV/report row per planned person: the plan's segment, treatment and wave joined with the
// store's actions on either side (AD and, for a hybrid person, Entra) and their journal times.
// A person treated by hand is `verified` once their manual task is, `task` until then. The rows are
// made a page of assignments at a time (the plan's assignment rows), never from the whole body.
import type { SegmentAssignment } from '../../core/segmentation/segment-identities.ts';
import { treatmentInfo, type TreatmentId } from '../../core/segmentation/treatments.ts';
import type { ReportIdentityRow } from '../../reports/report-data.ts';

export interface ReportAction {
  id: number;
  directory: string;
  identityKey: string;
  identityName: string;
  kind: string;
  state: string;
  idempotencyKey: string;
  lastErrorCode: string | null;
}

/** The least advanced state wins: one failed side makes the person failed. */
const statusRank: Record<string, number> = { failed: 0, claimed: 1, planned: 2, applied: 3, verified: 4, skipped: 5 };

/** The row maker: indexes the actions once, then turns each page of assignments into its rows. */
export function reportIdentityRows(
  campaignId: string,
  actions: readonly ReportAction[],
  firstAt: { applied: ReadonlyMap<number, string>; verified: ReadonlyMap<number, string> },
  /** manual tasks by `directory\nkey` of the identity */
  tasks: ReadonlyMap<string, { state: string; verifiedAt: string | null }> = new Map(),
): (page: readonly SegmentAssignment[]) => ReportIdentityRow[] {
  const byIdentity = new Map<string, ReportAction[]>();
  for (const a of actions) {
    const k = `${a.directory}\n${a.identityKey}`;
    const list = byIdentity.get(k);
    if (list) list.push(a);
    else byIdentity.set(k, [a]);
  }
  const prefix = (phase: string) => `${campaignId}/${phase}/`;
  return (page) =>
    page.map((asg) => {
      const mine = [
        ...(byIdentity.get(`${asg.directory}\n${asg.key}`) ?? []),
        ...(asg.linked ? (byIdentity.get(`${asg.linked.directory}\n${asg.linked.key}`) ?? []) : []),
      ];
      const start = mine.filter(
        (a) => a.idempotencyKey.startsWith(prefix('start')) || a.idempotencyKey.startsWith(prefix('krbtgt')),
      );
      const deadline = mine.find((a) => a.idempotencyKey.startsWith(prefix('deadline')));
      const reenabled = mine.some(
        (a) => a.idempotencyKey.startsWith(prefix('reenable')) && (a.state === 'applied' || a.state === 'verified'),
      );
      const task = treatmentInfo[asg.treatment as TreatmentId]?.task
        ? tasks.get(`${asg.directory}\n${asg.key}`)
        : undefined;
      let status: ReportIdentityRow['status'];
      if (task) status = task.state === 'verified' ? 'verified' : 'task';
      else if (start.length === 0) status = treatmentInfo[asg.treatment as TreatmentId]?.task ? 'task' : 'not-started';
      else
        status = start
          .map((a) => a.state)
          .sort((x, y) => (statusRank[x] ?? 9) - (statusRank[y] ?? 9))[0] as ReportIdentityRow['status'];
      const latest = (m: ReadonlyMap<number, string>) =>
        start
          .map((a) => m.get(a.id))
          .filter((t): t is string => t !== undefined)
          .sort()
          .at(-1) ?? null;
      let deadlineOutcome: ReportIdentityRow['deadline'] = null;
      if (reenabled) deadlineOutcome = 're-enabled';
      else if (deadline?.state === 'skipped') deadlineOutcome = 'exempt';
      else if (deadline && (deadline.state === 'applied' || deadline.state === 'verified'))
        deadlineOutcome = 'disabled';
      return {
        directory: asg.directory,
        key: asg.key,
        name: asg.name,
        segment: asg.segment,
        treatment: asg.treatment,
        wave: asg.wave,
        status,
        appliedAt: latest(firstAt.applied),
        verifiedAt: status === 'verified' ? (task?.verifiedAt ?? latest(firstAt.verified)) : null,
        deadline: deadlineOutcome,
        lastErrorCode: start.find((a) => a.state === 'failed')?.lastErrorCode ?? null,
      };
    });
}
