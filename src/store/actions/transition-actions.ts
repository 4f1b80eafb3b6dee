// Moves several actions at once, in ONE transaction (one commit, one fsync), with the same rules as
// transitionAction: each change is conditional on the action's current state (and lease owner when
// it is claimed), commits with its journal entry and the action counters, and a change whose action
// moved on (another worker took it over) is answered `false` and writes nothing. Changes that set
// the same columns (e.g. many 'apply-ok') go out as one UPDATE ... WHERE id IN (...): per-statement
// cost, not the fsync, is what remains once commits are shared. The engine's group commit
// (src/engine/journal-committer.ts) goes through here.
import type { Store } from '../open-store.ts';
import { inWriteTransaction } from '../write-transaction.ts';
import { applyActionCountChanges, type ActionCountChange } from './action-counters.ts';
import { writeJournalEvents, type JournalEntry } from './journal-event.ts';
import { toStoredAction } from './stored-action.ts';
import {
  assertTransition,
  journalEntryFor,
  updateForTransitions,
  transitionChanges,
  type TransitionInput,
} from './transition-action.ts';

/** For each input in order: true when it was applied, false when the action was no longer in `from`. */
export async function transitionActions(store: Store, inputs: readonly TransitionInput[]): Promise<boolean[]> {
  if (inputs.length === 0) return [];
  for (const input of inputs) assertTransition(input);
  if (new Set(inputs.map((i) => i.id)).size !== inputs.length) {
    // two changes of one action in one batch must apply in order: one at a time
    const moved: boolean[] = [];
    for (const input of inputs) moved.push(...(await transitionActions(store, [input])));
    return moved;
  }
  // same columns, same condition: one statement
  const groups = new Map<string, TransitionInput[]>();
  for (const input of inputs) {
    const key = JSON.stringify([input.from, input.to, input.owner ?? null, transitionChanges(input)]);
    groups.set(key, [...(groups.get(key) ?? []), input]);
  }
  return inWriteTransaction(store, `recording ${inputs.length} action change(s)`, async (trx) => {
    const movedIds = new Set<number>();
    const entries: JournalEntry[] = [];
    const counted: ActionCountChange[] = [];
    for (const group of groups.values()) {
      const byId = new Map(group.map((input) => [input.id, input]));
      for (const row of await updateForTransitions(trx, group[0]!, [...byId.keys()])) {
        const action = toStoredAction(row);
        const input = byId.get(action.id)!;
        movedIds.add(action.id);
        entries.push(journalEntryFor(input, action));
        counted.push({ campaignId: action.campaignId, waveId: action.waveId, from: input.from, to: input.to });
      }
    }
    entries.sort((a, b) => a.actionId - b.actionId);
    await writeJournalEvents(trx, entries);
    await applyActionCountChanges(trx, counted);
    return inputs.map((input) => movedIds.has(input.id));
  });
}
