// Counts of actions by state, for the status view: per campaign, or per wave of a campaign.
// Index-only scans of (campaign_id, state, ...) and (campaign_id, wave_id, state).
import { actionStates, type ActionState } from '../database.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export type StateCounts = Record<ActionState, number>;

function emptyCounts(): StateCounts {
  return Object.fromEntries(actionStates.map((s) => [s, 0])) as StateCounts;
}

export async function countActions(store: Store, input: { campaignId: string; waveId?: number }): Promise<StateCounts> {
  const rows = await storeCall('counting actions', () =>
    store.db
      .selectFrom('actions')
      .select((eb) => ['state', eb.fn.countAll<number>().as('count')])
      .where('campaignId', '=', input.campaignId)
      .$if(input.waveId !== undefined, (q) => q.where('waveId', '=', input.waveId!))
      .groupBy('state')
      .execute(),
  );
  const counts = emptyCounts();
  for (const row of rows) counts[row.state] = Number(row.count);
  return counts;
}

export async function countActionsByWave(store: Store, campaignId: string): Promise<Map<number | null, StateCounts>> {
  const rows = await storeCall('counting actions by wave', () =>
    store.db
      .selectFrom('actions')
      .select((eb) => ['waveId', 'state', eb.fn.countAll<number>().as('count')])
      .where('campaignId', '=', campaignId)
      .groupBy(['waveId', 'state'])
      .execute(),
  );
  const byWave = new Map<number | null, StateCounts>();
  for (const row of rows) {
    const wave = row.waveId === null ? null : Number(row.waveId);
    const counts = byWave.get(wave) ?? emptyCounts();
    counts[row.state] = Number(row.count);
    byWave.set(wave, counts);
  }
  return byWave;
}
