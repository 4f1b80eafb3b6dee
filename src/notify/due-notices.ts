// Which notices of a wave are due at a given moment: pure, so the engine can call it on every
// tick and the journal's idempotency keys make the repeated answer harmless.
// - the announcement from the wave's start;
// - each reminder from `hours` before the deadline (sequence = those hours);
// - the final warning from `finalWarningHours` before the deadline;
// - nothing after the deadline (the 'disabled' notice follows the disable action, not the clock).
// A sender that was stopped catches up with the latest notice only: a user does not get the 24 h
// reminder and the 4 h reminder in the same minute, and no reminder beside the final warning
// (a first run late in a wave still sends the announcement: it is the one that explains why).
import type { NoticeKind, NoticeWave } from './notice-request.ts';

export interface NoticeSchedule {
  /** hours before the deadline, e.g. [24, 4] (config waves.reminderHours) */
  reminderHours: readonly number[];
  /** hours before the deadline (config notify.finalWarningHours) */
  finalWarningHours: number;
}

export interface DueNotice {
  kind: NoticeKind;
  sequence?: number;
}

const hour = 3_600_000;

export function dueNotices(
  wave: Pick<NoticeWave, 'startsAt' | 'deadlineAt'>,
  schedule: NoticeSchedule,
  now: Date,
): DueNotice[] {
  const t = now.getTime();
  const starts = Date.parse(wave.startsAt);
  const deadline = Date.parse(wave.deadlineAt);
  if (t < starts || t >= deadline) return [];
  const due: DueNotice[] = [{ kind: 'announcement' }];
  if (t >= deadline - schedule.finalWarningHours * hour) return [...due, { kind: 'final-warning' }];
  // Only reminders that fall inside the wave count: a 24 h reminder in a 12 h wave would only repeat the announcement.
  const reached = schedule.reminderHours
    .filter((h) => h > schedule.finalWarningHours && deadline - h * hour > starts && t >= deadline - h * hour)
    .sort((a, b) => a - b);
  const latest = reached[0];
  return latest === undefined ? due : [...due, { kind: 'reminder', sequence: latest }];
}
