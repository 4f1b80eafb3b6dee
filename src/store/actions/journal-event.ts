// Writes journal entries inside the caller's transaction, which also changed the action: a state
// change and its journal entry commit together or not at all, and so do the journal tallies.
import type { ActionState } from '../database.ts';
import type { StoreTransaction } from '../write-transaction.ts';
import { applyJournalTallies } from './journal-tallies.ts';

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
  /** the action's directory, for the journal tallies (read from the action when not given) */
  directory?: string;
}

export async function writeJournalEvents(trx: StoreTransaction, entries: readonly JournalEntry[]): Promise<void> {
  const rows = entries.map(({ directory: _directory, ...e }) => ({ ...e, details: JSON.stringify(e.details ?? {}) }));
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto('journalEvents')
      .values(rows.slice(i, i + 500))
      .execute();
  await applyJournalTallies(
    trx,
    rows.map((row, i) => ({ ...row, directory: entries[i]!.directory })),
  );
}
