// Dates in a notice are read by people in the campaign's timezone, with the zone written out, so
// "Thursday 26 November 2026, 17:00 CET" means the same instant to everyone who reads it.
import { ReclaimError } from '../core/errors/reclaim-error.ts';

export function formatNoticeDate(iso: string, timezone: string, locale = 'en-GB'): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) throw new ReclaimError('INPUT_INVALID', `not a date: ${JSON.stringify(iso)}`);
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(locale, {
      timeZone: timezone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
  } catch (error) {
    throw new ReclaimError('CONFIG_INVALID', `unknown timezone or locale: ${timezone} / ${locale}`, { cause: error });
  }
  return format.format(instant);
}
