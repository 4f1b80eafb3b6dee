// Moves several actions at once, in ONE transaction (one commit, one fsync), with the same rules as
// transitionAction: each change is conditional on the action's current state (and lease owner when
// it is claimed), commits with its journal entry and the action counters, and a change whose action
// moved on (another worker took it over) is answered `false` and writes nothing. The engine's group
// commit (src/engine/journal-committer.ts) and batched verification go through here.
import type { Store } from '../open-store.ts';
import { inWriteTransaction } from '../write-transaction.ts';
import { applyActionCountChanges, type ActionCountChange } from './action-counters.ts';
import { writeJournalEvents, type JournalEntry } from './journal-event.ts';
import { toStoredAction } from './stored-action.ts';
import { assertTransition, journalEntryFor, updateForTransition, type TransitionInput } from './transition-action.ts';

/** For each input in order: true when it was applied, false when the action was no longer in `from`. */
export async function transitionActions(store: Store, inputs: readonly TransitionInput[]): Promise<boolean[]> {
  if (inputs.length === 0) return [];
  for (const input of inputs) assertTransition(input);
  return inWriteTransaction(store, `recording ${inputs.length} action change(s)`, async (trx) => {
    const moved: boolean[] = [];
    const entries: JournalEntry[] = [];
    const counted: ActionCountChange[] = [];
    for (const input of inputs) {
      const row = await updateForTransition(trx, input);
      moved.push(row !== undefined);
      if (!row) continue;
      const action = toStoredAction(row);
      entries.push(journalEntryFor(input, action));
      counted.push({ campaignId: action.campaignId, waveId: action.waveId, from: input.from, to: input.to });
    }
    await writeJournalEvents(trx, entries);
    await applyActionCountChanges(trx, counted);
    return moved;
  });
}
