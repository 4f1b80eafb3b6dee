// The audit entries of one action on one target (e.g. every `run.start` of a campaign, or its
// latest `verify`), with their time and details.
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export interface AuditFact {
  at: string;
  details: Record<string, unknown>;
}

const parsed = (r: { at: string; details: string }): AuditFact => ({
  at: r.at,
  details: JSON.parse(r.details) as Record<string, unknown>,
});

/** Every entry of `action` on `target`, in seq order. */
export async function auditEntriesFor(store: Store, input: { action: string; target: string }): Promise<AuditFact[]> {
  const rows = await storeCall(`reading the audited ${input.action} entries`, () =>
    store.db
      .selectFrom('auditLog')
      .select(['at', 'details'])
      .where('action', '=', input.action)
      .where('target', '=', input.target)
      .orderBy('seq')
      .execute(),
  );
  return rows.map(parsed);
}

/** The newest entry of `action` on `target`, or undefined. */
export async function latestAuditEntryFor(
  store: Store,
  input: { action: string; target: string },
): Promise<AuditFact | undefined> {
  const row = await storeCall(`reading the last ${input.action} entry`, () =>
    store.db
      .selectFrom('auditLog')
      .select(['at', 'details'])
      .where('action', '=', input.action)
      .where('target', '=', input.target)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst(),
  );
  return row ? parsed(row) : undefined;
}
