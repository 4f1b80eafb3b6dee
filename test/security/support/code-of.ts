// The error code an attempt was refused with, or 'ACCEPTED': attacks assert codes, not prose.
import { isReclaimError } from '../../../src/core/errors/reclaim-error.ts';

export async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return 'ACCEPTED';
  } catch (error) {
    if (isReclaimError(error)) return error.code;
    throw error;
  }
}
