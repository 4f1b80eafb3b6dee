// Plans are versioned by content: a version's id is the sha256 of its canonical JSON body, so the
// same plan saved twice is one version, and an approval names exactly what was approved. A new
// version's dashboard figures are written with it (plan-figures.ts).
// A body with assignments is never made into one text (hundreds of MB at a million identities):
// the id is hashed one assignment at a time, and the body is stored in parts, its header and one
// row per assignment (migration 0014), which planVersionBody joins back into the same text.
import { createHash } from 'node:crypto';
import { canonicalJson, canonicalJsonAround } from '../../core/canonical-json.ts';
import { bulkInsert } from '../bulk-insert.ts';
import type { Store } from '../open-store.ts';
import { planFiguresOfBody, writePlanFigures } from './plan-figures.ts';
import { inWriteTransaction, type StoreTransaction } from '../write-transaction.ts';

/**
 * What the body column holds for a version stored in parts: no JSON document is the empty text, so
 * it never stands for a body (read-plan-versions.ts assembles those from the header and rows).
 */
export const bodyInParts = '';

/** The rows of a version's assignments (migration 0014), written by both saves. */
export const assignmentRowsSpec = { table: 'plan_assignments', columns: ['plan_version_id', 'ordinal', 'assignment'] };

/** A body the store keeps in parts: a plain object with an array of assignments. */
export function bodyParts(body: unknown): { header: Record<string, unknown>; assignments: unknown[] } | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  if (typeof (body as { toJSON?: unknown }).toJSON === 'function') return undefined;
  const { assignments, ...header } = body as { assignments?: unknown };
  return Array.isArray(assignments) ? { header, assignments } : undefined;
}

/** sha256 of `${planId}\n${canonicalJson(body)}`, fed one assignment at a time. */
export function planVersionId(planId: string, body: unknown): string {
  const parts = bodyParts(body);
  if (!parts) return createHash('sha256').update(`${planId}\n`).update(canonicalJson(body)).digest('hex');
  const id = versionIdHash(planId, parts.header);
  for (const a of parts.assignments) id.add(a);
  return id.digest();
}

/**
 * The version id of a body given as its header and then its assignments one by one: the text is
 * `before` + the assignments' canonical JSON, comma-separated + `after` (canonicalJsonAround).
 */
export function versionIdHash(planId: string, header: Record<string, unknown>) {
  const hash = createHash('sha256').update(`${planId}\n`);
  const { before, after } = canonicalJsonAround(header, 'assignments');
  hash.update(before);
  // Chunks end between two elements, never inside a surrogate pair (JSON.stringify escapes lone
  // ones), so their UTF-8 is the whole text's. Batched: few hash updates.
  let batch = '';
  let first = true;
  return {
    add(assignment: unknown): void {
      batch += first ? canonicalJson(assignment) : `,${canonicalJson(assignment)}`;
      first = false;
      if (batch.length > 65_536) {
        hash.update(batch);
        batch = '';
      }
    },
    digest: (): string => hash.update(batch).update(after).digest('hex'),
  };
}

/** What a version is saved with besides its body. */
export interface PlanVersionInput {
  planId: string;
  campaignId: string;
  name: string;
  createdBy: string;
  parentVersionId?: string;
  now: Date;
}

export async function savePlanVersion(
  store: Store,
  input: PlanVersionInput & { body: unknown },
): Promise<{ versionId: string; created: boolean }> {
  const versionId = planVersionId(input.planId, input.body);
  const parts = bodyParts(input.body);
  return inWriteTransaction(store, `saving plan ${input.name}`, async (trx) => {
    const created = await insertVersion(trx, input, versionId, parts ? bodyInParts : canonicalJson(input.body));
    // The dashboard's figures of the version, once, with it (plan-figures.ts), and its waves (read-plan-waves.ts).
    if (created) {
      await writePlanFigures(trx, store.dialect, versionId, planFiguresOfBody(input.body));
      const waves = wavesOf(input.body);
      if (waves !== null)
        await trx.insertInto('planVersionWaves').values({ planVersionId: versionId, waves }).execute();
      await writeAssignmentRows(trx, store, versionId, input.body);
    }
    return { versionId, created };
  });
}

/** The plan and version rows; whether the version is new (the same body saved twice is one version). */
export async function insertVersion(
  trx: StoreTransaction,
  input: PlanVersionInput,
  versionId: string,
  body: string,
): Promise<boolean> {
  const at = input.now.toISOString();
  await trx
    .insertInto('plans')
    .values({
      id: input.planId,
      campaignId: input.campaignId,
      name: input.name,
      createdBy: input.createdBy,
      createdAt: at,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const inserted = await trx
    .insertInto('planVersions')
    .values({
      id: versionId,
      planId: input.planId,
      parentVersionId: input.parentVersionId ?? null,
      createdBy: input.createdBy,
      createdAt: at,
      body,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/**
 * The body split for readers that page (read-plan-assignments.ts, read-plan-header.ts): its
 * assignments one row each, and the rest of it as one header (canonical: planVersionBody joins
 * them back into the body's text).
 */
async function writeAssignmentRows(
  trx: StoreTransaction,
  store: Store,
  versionId: string,
  body: unknown,
): Promise<void> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
  const { assignments, ...header } = body as { assignments?: unknown };
  await trx
    .insertInto('planVersionHeaders')
    .values({ planVersionId: versionId, header: canonicalJson(header) })
    .execute();
  if (!Array.isArray(assignments)) return;
  for (let from = 0; from < assignments.length; from += 500) {
    const rows = assignments
      .slice(from, from + 500)
      .map((a: unknown, i) => [versionId, from + i, canonicalJson(a)] as const);
    await bulkInsert(trx, store.dialect, assignmentRowsSpec, rows);
  }
}

/** The body's waves as JSON, stored apart from it (read-plan-waves.ts), or null when it has none. */
export function wavesOf(body: unknown): string | null {
  const waves = typeof body === 'object' && body !== null ? (body as { waves?: unknown }).waves : undefined;
  return waves === undefined ? null : canonicalJson(waves);
}
