// Links one page of Entra users to the AD objects they are synced from, by asking the store for
// the page's anchors among the AD snapshots of this discovery run (every AD directory discovered
// so far): an onPremisesImmutableId is the base64 of the AD objectGUID, which is the AD identity's
// key; an onPremisesSecurityIdentifier its objectSid (the indexed `sid` column). Nothing is held
// per AD account: one page of users and what the store answers for it.
// GUID match preferred, SID as the fallback (a sourceAnchor other than objectGUID); when the two
// name different AD objects the user is left unlinked and marked ambiguous with both candidates
// (planning sets it aside and treats both AD objects as synced); one AD object claimed by two
// Entra users is caught by planning.
import type { Identity } from '../../core/identity.ts';
import { decodeGuid } from '../../directories/ad/sid.ts';
import {
  findIdentitiesByKey,
  findIdentitiesBySid,
  type AnchoredIdentity,
} from '../../store/identities/find-by-anchors.ts';
import type { Store } from '../../store/open-store.ts';

type AdRef = { directory: string; key: string };

export interface AdSnapshot {
  directory: string;
  snapshotId: number;
}

/** Sets linkedTo / linkAmbiguous on the page's Entra users; returns how many were linked. */
export async function linkSyncedUsers(
  store: Store,
  adSnapshots: readonly AdSnapshot[],
  users: readonly Identity[],
): Promise<number> {
  const synced = users.filter(
    (u) => u.kind === 'entra' && (u.onPremisesSyncEnabled || u.onPremisesImmutableId || u.onPremisesSecurityIdentifier),
  );
  if (synced.length === 0) return 0;
  const snapshotIds = adSnapshots.map((s) => s.snapshotId);
  const anchors = synced.map((user) => ({
    user,
    guid: objectGuidOf(user.onPremisesImmutableId, true),
    sid: user.onPremisesSecurityIdentifier?.toUpperCase(),
  }));
  const guids = anchors.map((a) => a.guid).filter((g): g is string => !!g);
  const sids = anchors.map((a) => a.sid).filter((s): s is string => !!s);
  const [byKey, bySid] = await Promise.all([
    findIdentitiesByKey(store, snapshotIds, guids).then((rows) => latestBy(rows, (r) => r.key)),
    findIdentitiesBySid(store, snapshotIds, sids).then((rows) => latestBy(rows, (r) => r.sid ?? '')),
  ]);
  const adDirectoryId = adSnapshots[0]?.directory;
  let linked = 0;
  for (const { user, guid, sid } of anchors)
    if (link(user, guid ? byKey.get(guid) : undefined, sid ? bySid.get(sid) : undefined, adDirectoryId)) linked++;
  return linked;
}

function link(
  user: Identity,
  byGuid: AdRef | undefined,
  bySid: AdRef | undefined,
  adDirectoryId: string | undefined,
): boolean {
  if (byGuid && bySid && (byGuid.directory !== bySid.directory || byGuid.key !== bySid.key)) {
    user.linkAmbiguous = {
      reason:
        `its onPremisesImmutableId names ${byGuid.directory}:${byGuid.key} but its ` +
        `onPremisesSecurityIdentifier names ${bySid.directory}:${bySid.key}`,
      candidates: [byGuid, bySid],
    };
    return false;
  }
  // a sourceAnchor other than objectGUID (ms-DS-ConsistencyGuid, another attribute) matches no
  // objectGUID: the SID still ties the user to its AD object
  const ad = byGuid ?? bySid;
  if (ad) {
    user.linkedTo = ad;
    return true;
  }
  // SAFETY: a synced user whose AD side was not discovered (outside the configured base DNs) is
  // still mastered on premises: Graph refuses its password writes. Linked to the AD object it
  // comes from, planning sets it aside as unmanageable instead of treating it as cloud-only.
  if (user.onPremisesSyncEnabled)
    user.linkedTo = {
      directory: adDirectoryId ?? 'on-premises',
      key: objectGuidOf(user.onPremisesImmutableId, false) ?? user.onPremisesSecurityIdentifier ?? user.key,
    };
  return false;
}

/**
 * The AD key an immutable id names: the objectGUID in the AD adapter's form (decodeGuid) when the
 * text decodes to 16 bytes. `exact`, for looking it up: only when the text is exactly their
 * base64, as Connect writes it (any other text names no objectGUID); otherwise, for naming the
 * AD object of a user whose AD side was not discovered, any text that decodes to 16 bytes.
 */
function objectGuidOf(immutableId: string | undefined, exact: boolean): string | undefined {
  if (!immutableId) return undefined;
  const bytes = Buffer.from(immutableId, 'base64');
  if (bytes.length !== 16 || (exact && bytes.toString('base64') !== immutableId)) return undefined;
  return decodeGuid(bytes);
}

/** One ref per anchor: the one in the latest snapshot (the last AD directory discovered wins, as before). */
function latestBy(rows: readonly AnchoredIdentity[], anchor: (row: AnchoredIdentity) => string): Map<string, AdRef> {
  const chosen = new Map<string, AnchoredIdentity>();
  for (const row of rows) {
    const held = chosen.get(anchor(row));
    if (!held || row.snapshotId > held.snapshotId) chosen.set(anchor(row), row);
  }
  return new Map([...chosen].map(([k, row]) => [k, { directory: row.directory, key: row.key }]));
}
