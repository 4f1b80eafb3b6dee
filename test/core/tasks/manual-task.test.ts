// The manual task rules on their own: which treatment becomes which task, which state each event
// may leave, who may claim, and what a person's name may hold.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { treatmentIds, treatmentInfo } from '../../../src/core/segmentation/treatments.ts';
import {
  checkManualTaskEvent,
  checkPersonName,
  manualTaskEventFrom,
  manualTaskKindOf,
  manualTaskStates,
  type ManualTaskEvent,
} from '../../../src/core/tasks/manual-task.ts';

describe('manual tasks', () => {
  it('every treatment carried out by a person, and only those, becomes a task', () => {
    for (const t of treatmentIds) assert.equal(manualTaskKindOf(t) !== null, treatmentInfo[t].task, t);
    assert.equal(manualTaskKindOf('privilegedManualReset'), 'privileged-reset');
    assert.equal(manualTaskKindOf('serviceRotation'), 'service-account-rotation');
  });

  it('nothing leaves verified; done and fail only from an assigned task', () => {
    for (const event of Object.keys(manualTaskEventFrom) as ManualTaskEvent[]) {
      assert.throws(
        () => checkManualTaskEvent({ id: 1, state: 'verified', assignee: 'bob' }, event, 'bob'),
        { code: 'TASK_TRANSITION_REFUSED' },
        event,
      );
    }
    assert.throws(() => checkManualTaskEvent({ id: 1, state: 'open', assignee: null }, 'done', 'bob'), {
      code: 'TASK_TRANSITION_REFUSED',
    });
    assert.throws(
      () => checkManualTaskEvent({ id: 1, state: 'open', assignee: null }, 'verify', null),
      { code: 'TASK_TRANSITION_REFUSED' },
      'a change is credited to a named admin',
    );
    assert.doesNotThrow(() => checkManualTaskEvent({ id: 1, state: 'missed', assignee: 'bob' }, 'done', 'bob'));
    assert.doesNotThrow(() => checkManualTaskEvent({ id: 1, state: 'failed', assignee: 'bob' }, 'assign', 'carol'));
    const states = new Set(Object.values(manualTaskEventFrom).flat());
    for (const s of states) assert.ok(manualTaskStates.includes(s));
  });

  it('only the assignee claims a task done or failed', () => {
    assert.throws(
      () => checkManualTaskEvent({ id: 7, state: 'assigned', assignee: 'bob' }, 'done', 'mallory'),
      (e: Error & { code?: string }) => e.code === 'TASK_TRANSITION_REFUSED' && /assigned to bob/.test(e.message),
    );
    assert.throws(() => checkManualTaskEvent({ id: 7, state: 'assigned', assignee: 'bob' }, 'fail', 'mallory'), {
      code: 'TASK_TRANSITION_REFUSED',
    });
    assert.doesNotThrow(() => checkManualTaskEvent({ id: 7, state: 'assigned', assignee: 'bob' }, 'done', 'bob'));
  });

  it("a person's name is trimmed, and refused empty, overlong or with a newline", () => {
    assert.equal(checkPersonName('  Bob Martin ', '--to'), 'Bob Martin');
    for (const bad of ['', '   ', 'x'.repeat(101), 'bob\nforged audit line', 'tab\there'])
      assert.throws(() => checkPersonName(bad, '--to'), { code: 'USAGE_INVALID' }, JSON.stringify(bad));
  });
});
