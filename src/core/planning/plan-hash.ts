// The content hash of a plan. Core cannot reach a crypto library, so the hash function comes in as a
// port (the app passes node:crypto SHA-256). The text is fed in chunks: the canonical plan header,
// then one fixed-order line per assignment, so a million identities never form one giant string.
import type { Plan } from './plan.ts';
import { canonicalJson } from './canonical-json.ts';

/** Receives the canonical text in chunks and returns a hex digest. */
export type HashPort = (chunks: Iterable<string>) => string;

function* chunks(plan: Omit<Plan, 'contentHash' | 'createdAt'> & Partial<Pick<Plan, 'contentHash' | 'createdAt'>>): Generator<string> {
  const { assignments, contentHash: _hash, createdAt: _created, ...header } = plan;
  yield canonicalJson(header);
  for (const a of assignments) {
    yield `\n${JSON.stringify([a.wave, a.directory, a.key, a.name, a.dn, a.kind, a.segment, a.treatment, a.ruleId, a.linked?.directory ?? null, a.linked?.key ?? null, a.ssprRegistered, a.mfaRegistered, a.group, a.owner])}`;
  }
}

export function planContentHash(plan: Omit<Plan, 'contentHash' | 'createdAt'> & Partial<Pick<Plan, 'contentHash' | 'createdAt'>>, hash: HashPort): string {
  return hash(chunks(plan));
}
