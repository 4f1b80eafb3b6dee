// SAFETY: a notice never carries a secret. The corporate mailbox may be read by the attacker, and a
// notice travels in clear through mail servers we do not control; a password or a TAP is given by
// voice or in person only. Render refuses any input that holds a Secret anywhere inside it, so a
// caller who passes the wrong context fails loudly instead of mailing a credential.
import { ReclaimError } from '../core/errors/reclaim-error.ts';
import { Secret } from '../core/secret.ts';

export function assertNoSecret(value: unknown, where: string): void {
  const path = findSecret(value, where, new Set());
  if (path !== undefined) {
    throw new ReclaimError(
      'INPUT_INVALID',
      `refused to render a notice: ${path} holds a secret, and a notice never carries one`,
    );
  }
}

function findSecret(value: unknown, path: string, seen: Set<object>): string | undefined {
  if (value instanceof Secret) return path;
  if (typeof value !== 'object' || value === null || seen.has(value)) return undefined;
  seen.add(value);
  const entries: Array<[string, unknown]> =
    value instanceof Map ? [...value.entries()].map(([k, v]) => [String(k), v]) : Object.entries(value);
  for (const [key, child] of entries) {
    const found = findSecret(child, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`, seen);
    if (found !== undefined) return found;
  }
  return undefined;
}
