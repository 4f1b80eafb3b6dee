// The helpdesk figures of the dashboard from one read of a campaign's verifications: the calls
// taken per wave (a call belongs to the wave of the person's first action in the campaign; none:
// outside waves) and the people verified. A person's first action never changes once it exists
// (actions are inserted, never re-keyed), so its wave is kept per store and campaign and looked up
// in the actions only for people not seen before (a person with no action yet is looked up again
// on every call). `fresh` looks every person up.
import type { Store } from '../../store/open-store.ts';
import { storeCall } from '../../store/store-error.ts';

export interface HelpdeskCalls {
  callsByWave: Map<number | null, number>;
  /** `${directory}\n${identityKey}` of each person with a verified outcome */
  verified: Set<string>;
}

const knownWaves = new WeakMap<Store, Map<string, Map<string, number | null>>>();

export async function helpdeskCalls(
  store: Store,
  campaignId: string,
  options: { fresh?: boolean } = {},
): Promise<HelpdeskCalls> {
  const rows = await storeCall('reading helpdesk verifications', () =>
    store.db
      .selectFrom('helpdeskVerifications')
      .select(['directory', 'identityKey', 'outcome'])
      .where('campaignId', '=', campaignId)
      .execute(),
  );
  const byCampaign = knownWaves.get(store) ?? new Map<string, Map<string, number | null>>();
  knownWaves.set(store, byCampaign);
  const waves = options.fresh
    ? new Map<string, number | null>()
    : (byCampaign.get(campaignId) ?? new Map<string, number | null>());
  if (!options.fresh) byCampaign.set(campaignId, waves);

  const unknown = new Map<string, Set<string>>();
  for (const r of rows)
    if (!waves.has(`${r.directory}\n${r.identityKey}`))
      unknown.set(r.directory, (unknown.get(r.directory) ?? new Set()).add(r.identityKey));
  for (const [directory, keySet] of unknown) {
    const keys = [...keySet];
    for (let i = 0; i < keys.length; i += 500) {
      const actions = await storeCall('reading the waves of verified people', () =>
        store.db
          .selectFrom('actions')
          .select(['identityKey', 'waveId'])
          .where('campaignId', '=', campaignId)
          .where('directory', '=', directory)
          .where('identityKey', 'in', keys.slice(i, i + 500))
          .orderBy('id', 'desc')
          .execute(),
      );
      // In descending id order, the last one written for a person is its first action.
      for (const a of actions) waves.set(`${directory}\n${a.identityKey}`, a.waveId === null ? null : Number(a.waveId));
    }
  }

  const callsByWave = new Map<number | null, number>();
  const verified = new Set<string>();
  for (const r of rows) {
    const person = `${r.directory}\n${r.identityKey}`;
    const wave = waves.get(person) ?? null;
    callsByWave.set(wave, (callsByWave.get(wave) ?? 0) + 1);
    if (r.outcome === 'verified') verified.add(person);
  }
  return { callsByWave, verified };
}
