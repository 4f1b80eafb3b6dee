import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  fileTimeToIso,
  generalizedTimeToIso,
  intervalToSeconds,
  isoToFileTime,
  secondsToInterval,
} from '../../../src/directories/ad/filetime.ts';

describe('FILETIME conversions', () => {
  it('converts a known pwdLastSet value', () => {
    // 2024-01-01T00:00:00Z = 133485408000000000
    assert.equal(fileTimeToIso('133485408000000000'), '2024-01-01T00:00:00.000Z');
    assert.equal(isoToFileTime('2024-01-01T00:00:00.000Z'), '133485408000000000');
  });
  it('reads 0 (must change) and "never" as null', () => {
    assert.equal(fileTimeToIso('0'), null);
    assert.equal(fileTimeToIso('9223372036854775807'), null);
    assert.equal(fileTimeToIso(undefined), null);
  });
  it('reads negative intervals as seconds and "no maximum" as null', () => {
    assert.equal(intervalToSeconds('-36288000000000'), 42 * 86400);
    assert.equal(intervalToSeconds('-9223372036854775808'), null);
    assert.equal(intervalToSeconds('0'), null);
    assert.equal(secondsToInterval(30 * 86400), String(-30n * 86400n * 10_000_000n));
  });
  it('reads GeneralizedTime', () => {
    assert.equal(generalizedTimeToIso('20261126083000.0Z'), '2026-11-26T08:30:00.000Z');
    assert.equal(generalizedTimeToIso('garbage'), null);
  });
});
