// The identities of a campaign: the latest finished snapshot of each configured directory.
import type { Identity } from '../../core/identity.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { CloudLink } from '../../core/segmentation/segment-identities.ts';
import { latestSnapshots, readIdentitiesByKey, readIdentity } from '../../store/identities/read-identities.ts';
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
 * latest snapshot in turn, in key order, and the identities links name read back by key. Nothing
 * is held between pages; undefined when nothing was discovered yet.
 */
export async function campaignIdentityPages(
  store: Store,
  campaignId: string,
): Promise<
  | {
      pages: (kind?: 'entra') => AsyncIterable<Identity[]>;
      readCloudSides: (links: readonly CloudLink[]) => Promise<Identity[]>;
    }
  | undefined
> {
  const snapshots = await latestSnapshots(store, campaignId);
  if (snapshots.size === 0) return undefined;
  return {
    async *pages(kind) {
      for (const snapshotId of snapshots.values())
        yield* streamIdentities(store, { snapshotId, ...(kind ? { kind } : {}) });
    },
    async readCloudSides(links) {
      const keys = new Map<string, string[]>();
      for (const link of links) {
        const list = keys.get(link.directory);
        if (list) list.push(link.key);
        else keys.set(link.directory, [link.key]);
      }
      const found: Identity[] = [];
      for (const [directory, inDirectory] of keys) {
        const snapshotId = snapshots.get(directory);
        if (snapshotId === undefined) continue;
        for (let i = 0; i < inDirectory.length; i += 500)
          found.push(...(await readIdentitiesByKey(store, snapshotId, inDirectory.slice(i, i + 500))));
      }
      return found;
    },
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
