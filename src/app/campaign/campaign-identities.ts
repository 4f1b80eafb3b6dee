// The identities of a campaign: the latest finished snapshot of each configured directory.
import type { Identity } from '../../core/identity.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { SyncedLinks } from '../../core/segmentation/synced-links.ts';
import { latestSnapshots, readIdentity } from '../../store/identities/read-identities.ts';
import { storeSyncedLinks } from '../../store/identities/store-synced-links.ts';
import { streamIdentities } from '../../store/identities/stream-identities.ts';
import type { Store } from '../../store/open-store.ts';

export { latestSnapshots } from '../../store/identities/read-identities.ts';

export async function loadCampaignIdentities(store: Store, campaignId: string): Promise<Identity[]> {
  const identities = await findCampaignIdentities(store, campaignId);
  if (!identities)
    throw new ReclaimError('NOT_FOUND', `Campaign ${campaignId} has no discovery yet: run \`reclaim discover\``);
  return identities;
}

/** The campaign's identities, or undefined when nothing was discovered yet; a store failure throws. */
export async function findCampaignIdentities(store: Store, campaignId: string): Promise<Identity[] | undefined> {
  const snapshots = await latestSnapshots(store, campaignId);
  if (snapshots.size === 0) return undefined;
  const all: Identity[] = [];
  for (const snapshotId of snapshots.values())
    for await (const page of streamIdentities(store, { snapshotId })) all.push(...page);
  return all;
}

/**
 * The campaign's identities as pages read on demand (for segmentIdentityPages): each directory's
 * latest snapshot in turn, in key order, and the synced links asked of the same snapshots by
 * query. Nothing is held between pages; undefined when nothing was discovered yet.
 */
export async function campaignIdentityPages(
  store: Store,
  campaignId: string,
): Promise<{ pages: () => AsyncIterable<Identity[]>; links: SyncedLinks } | undefined> {
  const snapshots = await latestSnapshots(store, campaignId);
  if (snapshots.size === 0) return undefined;
  return {
    async *pages() {
      for (const snapshotId of snapshots.values()) yield* streamIdentities(store, { snapshotId });
    },
    links: storeSyncedLinks(store, [...snapshots.values()]),
  };
}

/** One identity of the campaign's latest snapshot of its directory, or undefined. */
export async function findCampaignIdentity(
  store: Store,
  snapshots: ReadonlyMap<string, number>,
  directory: string,
  key: string,
): Promise<Identity | undefined> {
  const snapshotId = snapshots.get(directory);
  if (snapshotId === undefined) return undefined;
  return readIdentity(store, snapshotId, key);
}
