// `--wave N...` of the tasks commands: wave numbers, or a usage error naming the bad one.
import { ReclaimError } from '../../core/errors/reclaim-error.ts';

export function waveNumbers(values: readonly string[]): number[] {
  return values.map((v) => {
    if (!/^\d{1,6}$/.test(v.trim())) throw new ReclaimError('USAGE_INVALID', `--wave: "${v}" is not a wave number`);
    return Number(v);
  });
}
