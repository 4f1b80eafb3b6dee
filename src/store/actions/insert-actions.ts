// Stores planned actions. Idempotent: an action whose idempotency key already exists is left as
// it is, so re-planning or a crash mid-insert never duplicates an action.
import type { Insertable } from 'kysely';
import type { ActionsTable } from '../database.ts';
import type { Store } from '../open-store.ts';
import { inWriteTransaction } from '../write-transaction.ts';

export interface NewAction {
  campaignId: string;
  waveId?: number | null;
  directory: string;
  identityKey: string;
  identityName: string;
  kind: string;
  params?: Record<string, unknown>;
  /** stable across re-planning, e.g. campaign/wave/directory/key/kind */
  idempotencyKey: string;
  /** when the action becomes due (a wave's start); due at once when absent */
  notBefore?: Date;
}

// 11 parameters a row: 500 rows stay well under both dialects' bound-parameter limits.
const rowsPerStatement = 500;

/** Returns how many actions were new. */
export async function insertActions(store: Store, actions: readonly NewAction[], now: Date): Promise<number> {
  if (actions.length === 0) return 0;
  const at = now.toISOString();
  const rows: Insertable<ActionsTable>[] = actions.map((a) => ({
    campaignId: a.campaignId,
    waveId: a.waveId ?? null,
    directory: a.directory,
    identityKey: a.identityKey,
    identityName: a.identityName,
    kind: a.kind,
    params: JSON.stringify(a.params ?? {}),
    state: 'planned',
    nextAttemptAt: a.notBefore?.toISOString() ?? null,
    idempotencyKey: a.idempotencyKey,
    createdAt: at,
    updatedAt: at,
  }));
  return inWriteTransaction(store, `storing ${rows.length} actions`, async (trx) => {
    let inserted = 0;
    for (let i = 0; i < rows.length; i += rowsPerStatement) {
      const result = await trx
        .insertInto('actions')
        .values(rows.slice(i, i + rowsPerStatement))
        .onConflict((oc) => oc.column('idempotencyKey').doNothing())
        .executeTakeFirst();
      inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
    }
    return inserted;
  });
}
