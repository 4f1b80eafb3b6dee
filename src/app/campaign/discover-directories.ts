// `reclaim discover`: streams every configured directory into a new snapshot per directory, page
// by page, and links the two sides of each synced person: an Entra user's onPremisesImmutableId is
// the base64 of its AD objectGUID, its onPremisesSecurityIdentifier the AD objectSid. AD is read
// first so its keys are known when the Entra pages arrive. When the two name different AD objects
// the user is left unlinked and marked ambiguous with both candidates (planning sets it aside and
// treats both AD objects as synced); one AD object claimed by two Entra users is caught by planning.
import type { Identity } from '../../core/identity.ts';
import { decodeGuid, encodeGuid } from '../../directories/ad/sid.ts';
import { appendAudit } from '../../store/audit/append-audit.ts';
import { finishSnapshot } from '../../store/identities/finish-snapshot.ts';
import { insertIdentities } from '../../store/identities/insert-identities.ts';
import { startSnapshot } from '../../store/identities/start-snapshot.ts';
import { discardSnapshot } from '../../store/identities/discard-snapshot.ts';
import type { App } from '../create-app.ts';
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
  // AD identities by the values Entra carries for a synced user
  const adByImmutableId = new Map<string, { directory: string; key: string }>();
  const adBySid = new Map<string, { directory: string; key: string }>();
  const results: DirectoryDiscovered[] = [];
  const adDirectoryId = directories.find((d) => d.kind === 'ad')?.id;
  for (const directory of directories) {
    const snapshotId = await startSnapshot(store, {
      directory: directory.id,
      campaignId: campaign.id,
      now: app.clock.now(),
    });
    let total = 0;
    let linked = 0;
    try {
      for await (const page of directory.discover()) {
        for (const identity of page) {
          if (identity.kind === 'ad') indexAd(identity, adByImmutableId, adBySid);
          else if (linkEntra(adDirectoryId, identity, adByImmutableId, adBySid)) linked++;
        }
        await insertIdentities(store, snapshotId, page);
        total += page.length;
        input.onPage?.(directory.id, total);
      }
      await finishSnapshot(store, { snapshotId, now: app.clock.now() });
    } catch (error) {
      // an unreachable DC, a refused read: no orphan snapshot is left behind
      await discardSnapshot(store, snapshotId).catch(() => undefined);
      throw error;
    }
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

function indexAd(
  identity: Identity,
  byImmutableId: Map<string, { directory: string; key: string }>,
  bySid: Map<string, { directory: string; key: string }>,
): void {
  const ref = { directory: identity.directory, key: identity.key };
  try {
    byImmutableId.set(Buffer.from(encodeGuid(identity.key)).toString('base64'), ref);
  } catch {
    // not a GUID-keyed identity: linked by SID only
  }
  if (identity.sid) bySid.set(identity.sid.toUpperCase(), ref);
}

function linkEntra(
  adDirectoryId: string | undefined,
  identity: Identity,
  byImmutableId: Map<string, { directory: string; key: string }>,
  bySid: Map<string, { directory: string; key: string }>,
): boolean {
  if (!identity.onPremisesSyncEnabled && !identity.onPremisesImmutableId && !identity.onPremisesSecurityIdentifier)
    return false;
  const byGuid = identity.onPremisesImmutableId ? byImmutableId.get(identity.onPremisesImmutableId) : undefined;
  const bySidRef = identity.onPremisesSecurityIdentifier
    ? bySid.get(identity.onPremisesSecurityIdentifier.toUpperCase())
    : undefined;
  if (byGuid && bySidRef && (byGuid.directory !== bySidRef.directory || byGuid.key !== bySidRef.key)) {
    identity.linkAmbiguous = {
      reason:
        `its onPremisesImmutableId names ${byGuid.directory}:${byGuid.key} but its ` +
        `onPremisesSecurityIdentifier names ${bySidRef.directory}:${bySidRef.key}`,
      candidates: [byGuid, bySidRef],
    };
    return false;
  }
  // a sourceAnchor other than objectGUID (ms-DS-ConsistencyGuid, another attribute) matches no
  // objectGUID: the SID still ties the user to its AD object
  const ad = byGuid ?? bySidRef;
  if (ad) {
    identity.linkedTo = ad;
    return true;
  }
  // SAFETY: a synced user whose AD side was not discovered (outside the configured base DNs) is
  // still mastered on premises: Graph refuses its password writes. Linked to the AD object it
  // comes from, planning sets it aside as unmanageable instead of treating it as cloud-only.
  if (identity.onPremisesSyncEnabled)
    identity.linkedTo = {
      directory: adDirectoryId ?? 'on-premises',
      key: guidOf(identity.onPremisesImmutableId) ?? identity.onPremisesSecurityIdentifier ?? identity.key,
    };
  return false;
}

function guidOf(immutableId: string | undefined): string | undefined {
  if (!immutableId) return undefined;
  const bytes = Buffer.from(immutableId, 'base64');
  return bytes.length === 16 ? decodeGuid(bytes) : undefined;
}
