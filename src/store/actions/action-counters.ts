// Keeps action_counts (actions per campaign, wave and state) equal to the actions table. Every
// code path that inserts actions or changes their state calls applyActionCountChanges inside the
// same transaction as the change, so a counter can never disagree with the rows it counts: both
// commit together or not at all (a crash, a kill -9, a dropped connection roll both back).
// SAFETY (PostgreSQL): counter rows are shared by every worker of a campaign. The changes of one
// transaction are summed first and written in one statement in a fixed key order, so two workers
// always lock counter rows in the same order (no deadlock), and only for the end of their
// transaction (the call comes after the action rows are updated).
import type { ActionState } from '../database.ts';
import type { StoreTransaction } from '../write-transaction.ts';

export interface ActionCountChange {
  campaignId: string;
  waveId: number | null;
  /** null for a new action */
  from: ActionState | null;
  to: ActionState;
  /** how many actions made this change (default 1) */
  count?: number;
}

/** The wave_key of a wave id: 0 stands for "no wave". */
export const waveKeyOf = (waveId: number | null): number => waveId ?? 0;

export async function applyActionCountChanges(
  trx: StoreTransaction,
  changes: readonly ActionCountChange[],
): Promise<void> {
  const deltas = new Map<string, { campaignId: string; waveKey: number; state: ActionState; count: number }>();
  const add = (campaignId: string, waveId: number | null, state: ActionState, n: number) => {
    const waveKey = waveKeyOf(waveId);
    const key = `${campaignId}\u0000${String(waveKey).padStart(16, '0')}\u0000${state}`;
    const entry = deltas.get(key) ?? { campaignId, waveKey, state, count: 0 };
    entry.count += n;
    deltas.set(key, entry);
  };
  for (const change of changes) {
    const n = change.count ?? 1;
    if (change.from === change.to || n === 0) continue;
    if (change.from !== null) add(change.campaignId, change.waveId, change.from, -n);
    add(change.campaignId, change.waveId, change.to, n);
  }
  const rows = [...deltas.entries()]
    .filter(([, d]) => d.count !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, d]) => d);
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('actionCounts')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc
          .columns(['campaignId', 'waveKey', 'state'])
          .doUpdateSet((eb) => ({ count: eb('actionCounts.count', '+', eb.ref('excluded.count')) })),
      )
      .execute();
  }
}
