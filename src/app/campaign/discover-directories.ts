// `reclaim discover`: streams every configured directory into a new snapshot per directory, page
// by page, and links the two sides of each synced person (link-synced-users.ts): an Entra user's
// onPremisesImmutableId is the base64 of its AD objectGUID, its onPremisesSecurityIdentifier the AD
// objectSid. AD is read first and stored, so each Entra page finds its AD objects in the store.
// Per-person report entries (Entra's) wait in the store's scratch for their page, deleted when the
// directory is done. Memory: a page and bounded buffers, whatever the number of identities. A
// snapshot left unfinished by a discovery killed over 12 h before is discarded first.
import { appendAudit } from '../../store/audit/append-audit.ts';
import { finishSnapshot } from '../../store/identities/finish-snapshot.ts';
import { discoveryScratch, dropDiscoveryScratch } from '../../store/identities/discovery-scratch.ts';
import { insertIdentities } from '../../store/identities/insert-identities.ts';
import { startSnapshot } from '../../store/identities/start-snapshot.ts';
import { discardAbandonedSnapshots, discardSnapshot } from '../../store/identities/discard-snapshot.ts';
import type { App } from '../create-app.ts';
import { linkSyncedUsers, type AdSnapshot } from './link-synced-users.ts';
import { resolveCampaign } from './resolve-campaign.ts';

export interface DirectoryDiscovered {
  directory: string;
  kind: 'ad' | 'entra';
  snapshotId: number;
  identities: number;
  linked: number;
}

export async function discoverDirectories(
  app: App,
  input: { campaignId?: string; onPage?: (directory: string, total: number) => void },
): Promise<{ campaignId: string; directories: DirectoryDiscovered[] }> {
  const store = await app.store();
  const campaign = await resolveCampaign(store, input.campaignId);
  const directories = [...app.directories().values()].sort((a, b) =>
    a.kind === b.kind ? 0 : a.kind === 'ad' ? -1 : 1,
  );
  const results: DirectoryDiscovered[] = [];
  // this run's AD snapshots, where each Entra page looks its users' AD objects up
  const adSnapshots: AdSnapshot[] = [];
  for (const directory of directories) {
    const startedAt = app.clock.now();
    // what a discovery killed before it could clean up left behind (discard-snapshot.ts)
    await discardAbandonedSnapshots(store, { directory: directory.id, campaignId: campaign.id, startedAt });
    const snapshotId = await startSnapshot(store, { directory: directory.id, campaignId: campaign.id, now: startedAt });
    let total = 0;
    let linked = 0;
    try {
      for await (const page of directory.discover({ scratch: discoveryScratch(store, snapshotId) })) {
        if (directory.kind === 'entra') linked += await linkSyncedUsers(store, adSnapshots, page);
        await insertIdentities(store, snapshotId, page);
        total += page.length;
        input.onPage?.(directory.id, total);
      }
      await dropDiscoveryScratch(store, snapshotId);
      await finishSnapshot(store, { snapshotId, now: app.clock.now() });
    } catch (error) {
      // an unreachable DC, a refused read: no orphan snapshot is left behind (its scratch goes with it)
      await discardSnapshot(store, snapshotId).catch(() => undefined);
      throw error;
    }
    if (directory.kind === 'ad') adSnapshots.push({ directory: directory.id, snapshotId });
    results.push({ directory: directory.id, kind: directory.kind, snapshotId, identities: total, linked });
  }
  await appendAudit(store, {
    actor: app.operator,
    action: 'discover',
    target: `campaign:${campaign.id}`,
    source: 'cli',
    now: app.clock.now(),
    details: {
      snapshots: results.map((r) => ({ directory: r.directory, snapshotId: r.snapshotId, identities: r.identities })),
    },
  });
  return { campaignId: campaign.id, directories: results };
}
