// An action's journal, oldest first: what happened to it, by whom, when.
import type { ActionState } from '../database.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export interface JournalEvent {
  seq: number;
  at: string;
  fromState: ActionState | null;
  toState: ActionState;
  event: string;
  owner: string | null;
  details: Record<string, unknown>;
}

export async function readJournal(store: Store, actionId: number): Promise<JournalEvent[]> {
  const rows = await storeCall('reading the journal', () =>
    store.db
      .selectFrom('journalEvents')
      .select(['seq', 'at', 'fromState', 'toState', 'event', 'owner', 'details'])
      .where('actionId', '=', actionId)
      .orderBy('seq')
      .execute(),
  );
  return rows.map((r) => ({ ...r, seq: Number(r.seq), details: JSON.parse(r.details) as Record<string, unknown> }));
}
