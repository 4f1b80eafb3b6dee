// The content hash of a plan. Core cannot reach a crypto library, so the hash function comes in as a
// port (the app passes node:crypto SHA-256). The text is fed in chunks: the canonical plan header,
// then one fixed-order line per assignment, so a million identities never form one giant string.
// A plan read in pages is hashed page by page (planContentHashOfPages), through an incremental port.
// Each page's lines are batched on their own: the chunks differ, the text (and so the hash) is the same.
import type { SegmentAssignment } from '../segmentation/segment-identities.ts';
import type { Plan } from './plan.ts';
import { canonicalJson } from '../canonical-json.ts';

/** Receives the canonical text in chunks and returns a hex digest. */
export type HashPort = (chunks: Iterable<string>) => string;

type Hashed = Omit<Plan, 'contentHash' | 'createdAt'> & Partial<Pick<Plan, 'contentHash' | 'createdAt'>>;

/** Takes the canonical text in chunks, one after another, and then gives the hex digest. */
export interface HashStream {
  update(chunk: string): void;
  digest(): string;
}

/** A fresh incremental hash (the same function as the HashPort): for a plan read in pages. */
export type HashStreamPort = () => HashStream;

function* chunks(plan: Hashed): Generator<string> {
  const { assignments, ...header } = plan;
  yield headerText(header);
  yield* assignmentLines(assignments);
}

function headerText(plan: Omit<Hashed, 'assignments'>): string {
  const { contentHash: _hash, createdAt: _created, ...header } = plan;
  return canonicalJson(header);
}

// One line per assignment, fields in a fixed order; every free-text field is length-prefixed
// (`5:alice`) and null is `-`, so the text is unambiguous without scanning or escaping anything.
// Batched so the number of hash updates (and strings) stays small.
function* assignmentLines(assignments: Iterable<SegmentAssignment>): Generator<string> {
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

export function planContentHash(plan: Hashed, hash: HashPort): string {
  return hash(chunks(plan));
}

/** The same hash of a plan given as its header and its assignments in pages (in plan order). */
export async function planContentHashOfPages(
  header: Omit<Hashed, 'assignments'>,
  pages: AsyncIterable<readonly SegmentAssignment[]>,
  hash: HashStreamPort,
): Promise<string> {
  const stream = hash();
  stream.update(headerText(header));
  for await (const page of pages) for (const chunk of assignmentLines(page)) stream.update(chunk);
  return stream.digest();
}

/** Whether a plan (e.g. an edited export brought back with `plan import`) still matches its content hash. */
export function planHashMatches(plan: Plan, hash: HashPort): boolean {
  return planContentHash(plan, hash) === plan.contentHash;
}
