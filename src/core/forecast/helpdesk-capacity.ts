// How many calls the helpdesk can take between two instants, from its shifts: agents, calls per
// agent-hour, working hours, and each shift's time zone (as a UTC offset, so core needs no time-zone
// database). A week of hourly capacity is computed once; windows are summed hour by hour.
import { ReclaimError } from '../errors/reclaim-error.ts';

export interface HelpdeskShift {
  name?: string | undefined;
  agents: number;
  /** local hour the shift starts, 0-23 */
  startHour: number;
  hours: number;
  /** the shift's local time as an offset from UTC, in hours (e.g. -5, 5.5) */
  utcOffsetHours: number;
  /** local days worked, 0 = Sunday; every day when absent (incidents do not stop at weekends) */
  days?: number[] | undefined;
}

/** Shaped like the config's `helpdesk:` section. */
export interface HelpdeskSettings {
  agents: number;
  callsPerAgentHour: number;
  hoursPerDay: number;
  /** when absent: one shift of `agents` from 08:00 UTC for `hoursPerDay` hours */
  shifts?: HelpdeskShift[] | undefined;
}

const HOUR = 3_600_000;
const WEEK_HOURS = 168;

export interface HelpdeskCapacity {
  /** calls the helpdesk can take in [startMs, endMs) */
  callsBetween(startMs: number, endMs: number): number;
  /** helpdesk open hours (any agent on shift) in [startMs, endMs) */
  openHoursBetween(startMs: number, endMs: number): number;
  /** the instant by which `calls` calls made from `startMs` on have been taken (Infinity if never) */
  absorbedBy(startMs: number, calls: number): number;
  /** the first instant at or after `ms` when an agent is on shift (Infinity if never) */
  nextOpenAt(ms: number): number;
  /** calls per hour at the busiest hour of the week */
  peakCallsPerHour: number;
}

export function helpdeskCapacity(settings: HelpdeskSettings): HelpdeskCapacity {
  const shifts = settings.shifts?.length
    ? settings.shifts
    : [{ agents: settings.agents, startHour: 8, hours: settings.hoursPerDay, utcOffsetHours: 0 }];
  // calls per hour for each hour of the UTC week, hour 0 = Thursday 1970-01-01 00:00 UTC aligned
  const perHour = new Float64Array(WEEK_HOURS);
  for (const shift of shifts) {
    if (shift.hours <= 0 || shift.hours > 24 || shift.agents < 0)
      throw new ReclaimError(
        'CONFIG_INVALID',
        `helpdesk shift ${shift.name ?? ''}: hours must be in (0, 24] and agents >= 0`,
      );
    for (let day = 0; day < 7; day++) {
      // epoch day 0 was a Thursday (4)
      const localWeekday = (day + 4) % 7;
      if (shift.days && !shift.days.includes(localWeekday)) continue;
      for (let h = 0; h < shift.hours; h++) {
        const fraction = Math.min(1, shift.hours - h);
        const utcHour = Math.floor(day * 24 + shift.startHour + h - shift.utcOffsetHours);
        const slot = ((utcHour % WEEK_HOURS) + WEEK_HOURS) % WEEK_HOURS;
        perHour[slot] = (perHour[slot] ?? 0) + shift.agents * settings.callsPerAgentHour * fraction;
      }
    }
  }
  const peak = Math.max(...perHour);
  const weekTotal = perHour.reduce((a, b) => a + b, 0);
  const sum = (startMs: number, endMs: number, value: (slot: number) => number): number => {
    let total = 0;
    let t = startMs;
    while (t < endMs) {
      const hourIndex = Math.floor(t / HOUR);
      const next = Math.min(endMs, (hourIndex + 1) * HOUR);
      total += value(((hourIndex % WEEK_HOURS) + WEEK_HOURS) % WEEK_HOURS) * ((next - t) / HOUR);
      t = next;
    }
    return total;
  };
  return {
    callsBetween: (startMs, endMs) => sum(startMs, endMs, (slot) => perHour[slot] ?? 0),
    openHoursBetween: (startMs, endMs) => sum(startMs, endMs, (slot) => ((perHour[slot] ?? 0) > 0 ? 1 : 0)),
    absorbedBy: (startMs, calls) => {
      if (calls <= 0) return startMs;
      let remaining = calls;
      let t = startMs;
      if (weekTotal <= 0) return Number.POSITIVE_INFINITY;
      // every week takes weekTotal calls, so this many hours always suffice
      const limit = WEEK_HOURS * 2 + Math.ceil((calls / weekTotal) * WEEK_HOURS) + 2;
      for (let guard = 0; guard < limit; guard++) {
        const hourIndex = Math.floor(t / HOUR);
        const next = (hourIndex + 1) * HOUR;
        const rate = perHour[((hourIndex % WEEK_HOURS) + WEEK_HOURS) % WEEK_HOURS] ?? 0;
        const available = rate * ((next - t) / HOUR);
        if (available >= remaining) return t + (remaining / rate) * HOUR;
        remaining -= available;
        t = next;
      }
      return Number.POSITIVE_INFINITY;
    },
    nextOpenAt: (ms) => {
      for (let h = 0; h <= WEEK_HOURS; h++) {
        const hourIndex = Math.floor(ms / HOUR) + h;
        if ((perHour[((hourIndex % WEEK_HOURS) + WEEK_HOURS) % WEEK_HOURS] ?? 0) > 0)
          return h === 0 ? ms : hourIndex * HOUR;
      }
      return Number.POSITIVE_INFINITY;
    },
    peakCallsPerHour: peak,
  };
}
