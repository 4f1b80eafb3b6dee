// The content hash of a plan. Core cannot reach a crypto library, so the hash function comes in as a
// port (the app passes node:crypto SHA-256). The text is fed in chunks: the canonical plan header,
// then one fixed-order line per assignment, so a million identities never form one giant string.
import type { Plan } from './plan.ts';
import { canonicalJson } from '../canonical-json.ts';

/** Receives the canonical text in chunks and returns a hex digest. */
export type HashPort = (chunks: Iterable<string>) => string;

function* chunks(
  plan: Omit<Plan, 'contentHash' | 'createdAt'> & Partial<Pick<Plan, 'contentHash' | 'createdAt'>>,
): Generator<string> {
  const { assignments, contentHash: _hash, createdAt: _created, ...header } = plan;
  yield canonicalJson(header);
  // One line per assignment, fields in a fixed order; every free-text field is length-prefixed
  // (`5:alice`) and null is `-`, so the text is unambiguous without scanning or escaping anything.
  // Batched so the number of hash updates (and strings) stays small.
  let batch = '';
  for (const a of assignments) {
    batch +=
      `\n${a.wave}\t${field(a.directory)}\t${field(a.key)}\t${field(a.name)}\t${field(a.dn)}` +
      `\t${a.kind}\t${a.segment}\t${a.treatment}\t${field(a.ruleId)}` +
      `\t${field(a.linked?.directory ?? null)}\t${field(a.linked?.key ?? null)}` +
      `\t${a.ssprRegistered ? 1 : 0}\t${a.mfaRegistered ? 1 : 0}` +
      `\t${field(a.group)}\t${field(a.owner)}\t${a.compromised ? 1 : 0}`;
    if (batch.length > 65_536) {
      yield batch;
      batch = '';
    }
  }
  if (batch.length > 0) yield batch;
}

function field(value: string | null): string {
  return value === null ? '-' : `${value.length}:${value}`;
}

export function planContentHash(
  plan: Omit<Plan, 'contentHash' | 'createdAt'> & Partial<Pick<Plan, 'contentHash' | 'createdAt'>>,
  hash: HashPort,
): string {
  return hash(chunks(plan));
}

/** Whether a plan (e.g. an edited export brought back with `plan import`) still matches its content hash. */
export function planHashMatches(plan: Plan, hash: HashPort): boolean {
  return planContentHash(plan, hash) === plan.contentHash;
}
