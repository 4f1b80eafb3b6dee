// A command-line option holding a number of seconds (0 or more), as milliseconds.
import { ReclaimError } from '../core/errors/reclaim-error.ts';

export function secondsOptionMs(option: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new ReclaimError('USAGE_INVALID', `${option}: expected a number of seconds, got ${value ?? 'nothing'}`);
  return n * 1000;
}
