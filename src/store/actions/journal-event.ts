// Writes journal entries inside the caller's transaction, which also changed the action: a state
// change and its journal entry commit together or not at all.
import type { ActionState } from '../database.ts';
import type { StoreTransaction } from '../write-transaction.ts';

export interface JournalEntry {
  actionId: number;
  campaignId: string;
  /** the action's journal_seq after the change */
  seq: number;
  at: string;
  fromState: ActionState | null;
  toState: ActionState;
  event: string;
  owner: string | null;
  /** facts, never secrets */
  details?: Record<string, unknown>;
}

export async function writeJournalEvents(trx: StoreTransaction, entries: readonly JournalEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 500) {
    await trx
      .insertInto('journalEvents')
      .values(entries.slice(i, i + 500).map((e) => ({ ...e, details: JSON.stringify(e.details ?? {}) })))
      .execute();
  }
}
