import { test } from 'node:test';
import assert from 'node:assert/strict';
import { oldPasswordGraceFinding } from '../../../../src/core/readiness/old-password-grace.ts';

test('the old-password window is flagged when unknown (default 60 min) or open, and not when closed', () => {
  const unknown = oldPasswordGraceFinding(undefined, 120);
  assert.equal(unknown?.severity, 'medium');
  assert.match(unknown?.title ?? '', /60 minutes/);
  assert.match(unknown?.remedy ?? '', /OldPasswordAllowedPeriod = 0/);
  assert.match(unknown?.remedy ?? '', /old password allowed period = 0/);
  const open = oldPasswordGraceFinding(30, 120);
  assert.equal(open?.severity, 'high');
  assert.equal(open?.count, 120);
  assert.equal(oldPasswordGraceFinding(0, 120), null);
  assert.equal(oldPasswordGraceFinding(undefined, 0), null);
});
