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

/** A body the store keeps in parts: a plain object with an array of assignments. */
export function bodyParts(body: unknown): { header: Record<string, unknown>; assignments: unknown[] } | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  if (typeof (body as { toJSON?: unknown }).toJSON === 'function') return undefined;
  const { assignments, ...header } = body as { assignments?: unknown };
  return Array.isArray(assignments) ? { header, assignments } : undefined;
}

/** sha256 of `${planId}\n${canonicalJson(body)}`, fed one assignment at a time. */
export function planVersionId(planId: string, body: unknown): string {
  const hash = createHash('sha256').update(`${planId}\n`);
  const parts = bodyParts(body);
  if (!parts) return hash.update(canonicalJson(body)).digest('hex');
  const { before, after } = canonicalJsonAround(parts.header, 'assignments');
  hash.update(before);
  // Chunks end between two elements, never inside a surrogate pair (JSON.stringify escapes lone
  // ones), so their UTF-8 is the whole text's. Batched: few hash updates.
  let batch = '';
  for (let i = 0; i < parts.assignments.length; i++) {
    batch += i > 0 ? `,${canonicalJson(parts.assignments[i])}` : canonicalJson(parts.assignments[i]);
    if (batch.length > 65_536) {
      hash.update(batch);
      batch = '';
    }
  }
  return hash.update(batch).update(after).digest('hex');
}

export async function savePlanVersion(
  store: Store,
  input: {
    planId: string;
    campaignId: string;
    name: string;
    body: unknown;
    createdBy: string;
    parentVersionId?: string;
    now: Date;
  },
): Promise<{ versionId: string; created: boolean }> {
  const versionId = planVersionId(input.planId, input.body);
  const parts = bodyParts(input.body);
  const at = input.now.toISOString();
  return inWriteTransaction(store, `saving plan ${input.name}`, async (trx) => {
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
        body: parts ? bodyInParts : canonicalJson(input.body),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    const created = Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1;
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
  const spec = { table: 'plan_assignments', columns: ['plan_version_id', 'ordinal', 'assignment'] };
  for (let from = 0; from < assignments.length; from += 500) {
    const rows = assignments
      .slice(from, from + 500)
      .map((a: unknown, i) => [versionId, from + i, canonicalJson(a)] as const);
    await bulkInsert(trx, store.dialect, spec, rows);
  }
}

/** The body's waves as JSON, stored apart from it (read-plan-waves.ts), or null when it has none. */
function wavesOf(body: unknown): string | null {
  const waves = typeof body === 'object' && body !== null ? (body as { waves?: unknown }).waves : undefined;
  return waves === undefined ? null : canonicalJson(waves);
}
