// Counts of actions by state, for the status view: per campaign, or per wave of a campaign. Read
// from the counters kept with every state change (action-counters.ts): a few rows per wave, so the
// cost does not grow with the number of actions. recount-actions.ts counts the table itself.
import { actionStates, type ActionState } from '../database.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';
import { waveKeyOf } from './action-counters.ts';

export type StateCounts = Record<ActionState, number>;

export function emptyStateCounts(): StateCounts {
  return Object.fromEntries(actionStates.map((s) => [s, 0])) as StateCounts;
}

export async function countActions(store: Store, input: { campaignId: string; waveId?: number }): Promise<StateCounts> {
  const rows = await storeCall('counting actions', () =>
    store.db
      .selectFrom('actionCounts')
      .select((eb) => ['state', eb.fn.sum<number>('count').as('count')])
      .where('campaignId', '=', input.campaignId)
      .$if(input.waveId !== undefined, (q) => q.where('waveKey', '=', waveKeyOf(input.waveId!)))
      .groupBy('state')
      .execute(),
  );
  const counts = emptyStateCounts();
  for (const row of rows) counts[row.state] = Number(row.count);
  return counts;
}

/** Waves (null: actions outside any wave) that hold or held actions, with their counts by state. */
export async function countActionsByWave(store: Store, campaignId: string): Promise<Map<number | null, StateCounts>> {
  const rows = await storeCall('counting actions by wave', () =>
    store.db
      .selectFrom('actionCounts')
      .select(['waveKey', 'state', 'count'])
      .where('campaignId', '=', campaignId)
      .execute(),
  );
  const byWave = new Map<number | null, StateCounts>();
  for (const row of rows) {
    const wave = Number(row.waveKey) === 0 ? null : Number(row.waveKey);
    const counts = byWave.get(wave) ?? emptyStateCounts();
    counts[row.state] = Number(row.count);
    byWave.set(wave, counts);
  }
  return byWave;
}
