// Stores planned actions. Idempotent: an action whose idempotency key already exists is left as
// it is, so re-planning or a crash mid-insert never duplicates an action.
import { bulkInsert, type BulkInsertSpec } from '../bulk-insert.ts';
import type { Store } from '../open-store.ts';
import { inWriteTransaction } from '../write-transaction.ts';
import { applyActionCountChanges, type ActionCountChange } from './action-counters.ts';

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

// 12 parameters a row: 500 rows stay well under both dialects' bound-parameter limits.
const rowsPerStatement = 500;
const spec: BulkInsertSpec = {
  table: 'actions',
  columns: [
    'campaign_id',
    'wave_id',
    'directory',
    'identity_key',
    'identity_name',
    'kind',
    'params',
    'state',
    'next_attempt_at',
    'idempotency_key',
    'created_at',
    'updated_at',
  ],
  suffix: 'on conflict (idempotency_key) do nothing',
};

/** Returns how many actions were new. */
export async function insertActions(store: Store, actions: readonly NewAction[], now: Date): Promise<number> {
  if (actions.length === 0) return 0;
  const at = now.toISOString();
  const rows = actions.map((a) => [
    a.campaignId,
    a.waveId ?? null,
    a.directory,
    a.identityKey,
    a.identityName,
    a.kind,
    JSON.stringify(a.params ?? {}),
    'planned',
    a.notBefore?.toISOString() ?? null,
    a.idempotencyKey,
    at,
    at,
  ]);
  return inWriteTransaction(store, `storing ${rows.length} actions`, async (trx) => {
    let inserted = 0;
    const counted: ActionCountChange[] = [];
    // One statement per run of rows of the same (campaign, wave), in the callers' order, so each
    // statement's count of new rows (an existing idempotency key inserts none) goes to its counter.
    for (let i = 0; i < rows.length; ) {
      let end = i + 1;
      while (end < rows.length && end - i < rowsPerStatement && sameWave(actions[end]!, actions[i]!)) end += 1;
      const n = await bulkInsert(trx, store.dialect, spec, rows.slice(i, end));
      counted.push({
        campaignId: actions[i]!.campaignId,
        waveId: actions[i]!.waveId ?? null,
        from: null,
        to: 'planned',
        count: n,
      });
      inserted += n;
      i = end;
    }
    await applyActionCountChanges(trx, counted);
    return inserted;
  });
}

function sameWave(a: NewAction, b: NewAction): boolean {
  return a.campaignId === b.campaignId && (a.waveId ?? null) === (b.waveId ?? null);
}
