// Request bodies are checked with zod; a bad one is INPUT_INVALID naming each field and problem.
import type { z } from 'zod';
import { ReclaimError } from '../core/errors/reclaim-error.ts';

export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const details = result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
  throw new ReclaimError('INPUT_INVALID', `The request body is invalid: ${details.join('; ')}`, { details });
}
