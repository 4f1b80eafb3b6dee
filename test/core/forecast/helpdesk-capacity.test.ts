import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { helpdeskCapacity } from '../../../src/core/forecast/helpdesk-capacity.ts';
import { mergeCallRates, defaultCallRates } from '../../../src/core/forecast/call-rates.ts';
import { writeSeconds } from '../../../src/core/forecast/write-time.ts';

const at = (iso: string) => Date.parse(iso);
const H = 3_600_000;

describe('helpdesk capacity', () => {
  it('one default shift: agents x calls per agent-hour x hours, 08:00-16:00 UTC', () => {
    const c = helpdeskCapacity({ agents: 3, callsPerAgentHour: 4, hoursPerDay: 8 });
    assert.equal(c.callsBetween(at('2026-11-26T00:00:00Z'), at('2026-11-27T00:00:00Z')), 96);
    assert.equal(c.callsBetween(at('2026-11-26T15:30:00Z'), at('2026-11-26T17:00:00Z')), 6);
    assert.equal(c.openHoursBetween(at('2026-11-26T00:00:00Z'), at('2026-11-27T00:00:00Z')), 8);
    assert.equal(c.peakCallsPerHour, 12);
  });

  it('shifts in other time zones and on weekdays only', () => {
    // New York, Monday to Friday 09:00-17:00 local (UTC-5): 14:00-22:00 UTC
    const c = helpdeskCapacity({
      agents: 0,
      callsPerAgentHour: 10,
      hoursPerDay: 8,
      shifts: [{ agents: 2, startHour: 9, hours: 8, utcOffsetHours: -5, days: [1, 2, 3, 4, 5] }],
    });
    assert.equal(
      c.callsBetween(at('2026-11-26T13:00:00Z'), at('2026-11-26T15:00:00Z')),
      20,
      'Thursday 14:00-15:00 UTC open',
    );
    assert.equal(c.callsBetween(at('2026-11-28T00:00:00Z'), at('2026-11-30T00:00:00Z')), 0, 'closed at the weekend');
    assert.equal(c.nextOpenAt(at('2026-11-28T10:00:00Z')), at('2026-11-30T14:00:00Z'), 'opens Monday 09:00 New York');
  });

  it('absorbs calls hour by hour, and never when nobody works', () => {
    const c = helpdeskCapacity({ agents: 1, callsPerAgentHour: 2, hoursPerDay: 8 });
    assert.equal(c.absorbedBy(at('2026-11-26T08:00:00Z'), 3), at('2026-11-26T09:30:00Z'));
    assert.equal(
      c.absorbedBy(at('2026-11-26T15:00:00Z'), 4),
      at('2026-11-27T09:00:00Z'),
      'carries over to the next day',
    );
    const nobody = helpdeskCapacity({
      agents: 1,
      callsPerAgentHour: 2,
      hoursPerDay: 8,
      shifts: [{ agents: 0, startHour: 8, hours: 8, utcOffsetHours: 0 }],
    });
    assert.equal(nobody.absorbedBy(0, 1), Number.POSITIVE_INFINITY);
    assert.equal(nobody.nextOpenAt(0), Number.POSITIVE_INFINITY);
    assert.equal(c.absorbedBy(5 * H, 0), 5 * H);
  });

  it('call rates: overrides merge over the defaults; unregistered users call more', () => {
    const r = mergeCallRates({ requireChange: { unregistered: 0.3 } });
    assert.deepEqual(r.requireChange, { registered: defaultCallRates.requireChange.registered, unregistered: 0.3 });
    for (const rate of Object.values(defaultCallRates)) assert.ok(rate.unregistered >= rate.registered);
  });

  it('write time: the slowest directory decides, at its measured or default rate', () => {
    assert.equal(
      writeSeconds({ corp: 100, cloud: 100 }, [
        { id: 'corp', kind: 'ad', writesPerSecond: 50 },
        { id: 'cloud', kind: 'entra' },
      ]),
      10,
    );
  });
});
