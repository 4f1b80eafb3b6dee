// Counts a campaign's actions by wave and state from the actions table itself (a GROUP BY over
// every row: about a second at a million actions), to check the maintained counters against the
// truth, and rebuilds the counters from it (after a bulk load that bypassed the store's writers).
import { sql } from 'kysely';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';
import { inWriteTransaction } from '../write-transaction.ts';
import { emptyStateCounts, type StateCounts } from './count-actions.ts';

export async function recountActionsByWave(store: Store, campaignId: string): Promise<Map<number | null, StateCounts>> {
  const rows = await storeCall('recounting actions by wave', () =>
    store.reader
      .selectFrom('actions')
      .select((eb) => ['waveId', 'state', eb.fn.countAll<number>().as('count')])
      .where('campaignId', '=', campaignId)
      .groupBy(['waveId', 'state'])
      .execute(),
  );
  const byWave = new Map<number | null, StateCounts>();
  for (const row of rows) {
    const wave = row.waveId === null ? null : Number(row.waveId);
    const counts = byWave.get(wave) ?? emptyStateCounts();
    counts[row.state] = Number(row.count);
    byWave.set(wave, counts);
  }
  return byWave;
}

/** Replaces a campaign's counters with a recount of its actions, in one write transaction. */
export async function rebuildActionCounts(store: Store, campaignId: string): Promise<void> {
  await inWriteTransaction(store, `rebuilding the action counters of ${campaignId}`, async (trx) => {
    await trx.deleteFrom('actionCounts').where('campaignId', '=', campaignId).execute();
    await sql`insert into action_counts (campaign_id, wave_key, state, count)
      select campaign_id, coalesce(wave_id, 0), state, count(*) from actions where campaign_id = ${campaignId}
      group by campaign_id, coalesce(wave_id, 0), state`.execute(trx);
  });
}
