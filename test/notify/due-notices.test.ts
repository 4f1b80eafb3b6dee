import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dueNotices } from '../../src/notify/due-notices.ts';

const wave = { startsAt: '2026-11-26T08:00:00.000Z', deadlineAt: '2026-11-29T08:00:00.000Z' };
const schedule = { reminderHours: [24, 4], finalWarningHours: 1 };
const at = (iso: string) => dueNotices(wave, schedule, new Date(iso));

describe('notices due in a wave', () => {
  it('nothing before the start, the announcement from the start', () => {
    assert.deepEqual(at('2026-11-26T07:59:59.000Z'), []);
    assert.deepEqual(at('2026-11-26T08:00:00.000Z'), [{ kind: 'announcement' }]);
  });

  it('each reminder from its hour before the deadline, the latest one only when catching up', () => {
    assert.deepEqual(at('2026-11-28T07:59:59.000Z'), [{ kind: 'announcement' }]);
    assert.deepEqual(at('2026-11-28T08:00:00.000Z'), [{ kind: 'announcement' }, { kind: 'reminder', sequence: 24 }]);
    assert.deepEqual(at('2026-11-29T04:30:00.000Z'), [{ kind: 'announcement' }, { kind: 'reminder', sequence: 4 }]);
  });

  it('the final warning alone in its last hour, and nothing from the deadline on', () => {
    assert.deepEqual(at('2026-11-29T07:00:00.000Z'), [{ kind: 'announcement' }, { kind: 'final-warning' }]);
    assert.deepEqual(at('2026-11-29T08:00:00.000Z'), []);
  });

  it('skips reminders that would fall before the wave starts', () => {
    const short = { startsAt: '2026-11-26T08:00:00.000Z', deadlineAt: '2026-11-26T20:00:00.000Z' };
    assert.deepEqual(dueNotices(short, schedule, new Date('2026-11-26T09:00:00.000Z')), [{ kind: 'announcement' }]);
    assert.deepEqual(dueNotices(short, schedule, new Date('2026-11-26T16:00:00.000Z')), [
      { kind: 'announcement' },
      { kind: 'reminder', sequence: 4 },
    ]);
  });
});
