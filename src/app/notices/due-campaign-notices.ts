// The notices a campaign owes its users at a moment: for each wave of the current plan, the due
// announcement / reminder / final warning (src/notify/due-notices.ts) to every person whose
// treatment notifies; and a 'disabled' notice to every account the deadline disabled. Repeating
// the question is harmless: the journal's idempotency keys make each notice go out once. A wave's
// people come page by page (`assignmentsOf`: the plan's assignment rows), and only for the waves
// that owe a notice now, so the plan body is never read.
import type { Identity } from '../../core/identity.ts';
import type { Wave } from '../../core/planning/plan.ts';
import type { SegmentAssignment } from '../../core/segmentation/segment-identities.ts';
import { dueNotices, type NoticeSchedule } from '../../notify/due-notices.ts';
import type { NoticeKind, NoticeRequest, NoticeWave } from '../../notify/notice-request.ts';
import type { CurrentPlanHeader } from '../campaign/current-plan.ts';
import { noticeMethod } from './notice-method.ts';

export interface DueCampaignNotices {
  requests: NoticeRequest[];
  /** people owed a notice but absent from the latest snapshot (deleted since): counted, not sent */
  missingIdentities: number;
}

export async function dueCampaignNotices(input: {
  campaignId: string;
  current: CurrentPlanHeader;
  /** the wave's assignments, a page at a time */
  assignmentsOf: (wave: Wave) => AsyncIterable<ReadonlyArray<{ assignment: SegmentAssignment }>>;
  identities: ReadonlyMap<string, Identity>;
  /** directory\nkey of accounts the deadline disabled, with the store's wave id */
  disabled: ReadonlyArray<{ directory: string; identityKey: string; waveId: number | null }>;
  schedule: NoticeSchedule;
  now: Date;
  kinds?: ReadonlySet<NoticeKind>;
}): Promise<DueCampaignNotices> {
  const { current, campaignId } = input;
  const plan = current.plan;
  const requests: NoticeRequest[] = [];
  let missingIdentities = 0;
  const wanted = (k: NoticeKind) => !input.kinds || input.kinds.has(k);
  const storeWaves = new Map(current.waves.map((w) => [w.ordinal, w]));
  for (const wave of plan.waves) {
    const stored = storeWaves.get(wave.number);
    if (!stored) continue;
    const noticeWave: NoticeWave = {
      id: stored.id,
      name: stored.name,
      startsAt: stored.startsAt,
      deadlineAt: stored.deadlineAt,
      graceUntil: stored.graceUntil,
    };
    const due = dueNotices(noticeWave, input.schedule, input.now).filter((d) => wanted(d.kind));
    if (due.length === 0) continue;
    for await (const page of input.assignmentsOf(wave))
      for (const { assignment: asg } of page) {
        const method = noticeMethod(asg.treatment, asg.segment);
        if (!method) continue;
        const identity = input.identities.get(`${asg.directory}\n${asg.key}`);
        if (!identity) {
          missingIdentities += 1;
          continue;
        }
        for (const d of due) {
          requests.push({
            campaignId,
            wave: noticeWave,
            identity,
            kind: d.kind,
            method,
            assurance: plan.assurance,
            ...(d.sequence !== undefined ? { sequence: d.sequence } : {}),
          });
        }
      }
  }
  if (wanted('disabled')) {
    const byId = new Map(current.waves.map((w) => [w.id, w]));
    for (const d of input.disabled) {
      const identity = input.identities.get(`${d.directory}\n${d.identityKey}`);
      const stored = d.waveId === null ? undefined : byId.get(d.waveId);
      if (!identity || !stored) {
        missingIdentities += 1;
        continue;
      }
      const wave: NoticeWave = {
        id: stored.id,
        name: stored.name,
        startsAt: stored.startsAt,
        deadlineAt: stored.deadlineAt,
        graceUntil: stored.graceUntil,
      };
      // A disabled account regains access through the helpdesk, whatever the wave's method was.
      requests.push({ campaignId, wave, identity, kind: 'disabled', method: 'helpdesk', assurance: plan.assurance });
    }
  }
  return { requests, missingIdentities };
}
