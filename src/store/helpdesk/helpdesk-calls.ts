// The helpdesk figures of the dashboard: the calls taken per wave (a call belongs to the wave of
// the person's first action in the campaign; none: outside waves) and how many people were
// verified. Counted by the database in two aggregate reads through the store's reader (the
// person's first action is found through the actions_identity index, in id order), so a refresh
// moves a few rows, not one per verification, and nothing of it runs on the event loop.
// `verifiedHelpdeskPeople` lists the verified people themselves (the dashboard's recount).
import { sql } from 'kysely';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export interface HelpdeskCalls {
  callsByWave: Map<number | null, number>;
  /** people with a verified outcome, each counted once */
  verified: number;
}

export async function helpdeskCalls(store: Store, campaignId: string): Promise<HelpdeskCalls> {
  const byWave = await storeCall('counting helpdesk calls by wave', () =>
    sql<{ waveId: number | null; calls: number }>`select w.wave_id, count(*) as calls
      from (select (select a.wave_id from actions a
          where a.campaign_id = v.campaign_id and a.directory = v.directory and a.identity_key = v.identity_key
          order by a.id limit 1) as wave_id
        from helpdesk_verifications v where v.campaign_id = ${campaignId}) w
      group by w.wave_id`.execute(store.reader),
  );
  const verified = await storeCall('counting verified people', () =>
    sql<{ n: number }>`select count(*) as n from (select distinct directory, identity_key from helpdesk_verifications
      where campaign_id = ${campaignId} and outcome = 'verified') p`.execute(store.reader),
  );
  return {
    callsByWave: new Map(
      byWave.rows.map((r) => [r.waveId === null ? null : Number(r.waveId), Number(r.calls)] as [number | null, number]),
    ),
    verified: Number(verified.rows[0]?.n ?? 0),
  };
}

/** `${directory}\n${identityKey}` of each person with a verified outcome in the campaign. */
export async function verifiedHelpdeskPeople(store: Store, campaignId: string): Promise<Set<string>> {
  const rows = await storeCall('reading verified people', () =>
    store.reader
      .selectFrom('helpdeskVerifications')
      .select(['directory', 'identityKey'])
      .distinct()
      .where('campaignId', '=', campaignId)
      .where('outcome', '=', 'verified')
      .execute(),
  );
  return new Set(rows.map((r) => `${r.directory}\n${r.identityKey}`));
}
