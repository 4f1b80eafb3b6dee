// What segmentation asks about the links between synced Entra users and their AD objects. Over
// pages, a store answers by query (the Entra users of one page of AD objects, and the few
// anomalies), so nothing proportional to the synced users is held between pages; over a whole
// array, syncedLinksIn answers from the array. Both answer in page order: the order the Entra
// users appear in the pages (or the array), which is what keeps the two plans identical.
import type { Identity } from '../identity.ts';
import { refKey } from './segmenter.ts';

type Awaitable<T> = T | Promise<T>;

/**
 * A synced Entra user "tied" to an AD object: `kind` entra, `linkedTo` set, no `linkAmbiguous`.
 * Every answer is whole Entra identities.
 */
export interface SyncedLinks {
  /** Entra users whose anchors name two AD objects (`linkAmbiguous`), in page order */
  ambiguous(): Awaitable<readonly Identity[]>;
  /** tied Entra users whose AD object another tied Entra user claims too, in page order */
  sharedClaims(): Awaitable<readonly Identity[]>;
  /** the tied Entra users of these AD objects of one directory (one page's worth of keys) */
  linkedTo(directory: string, keys: readonly string[]): Awaitable<readonly Identity[]>;
  /** tied Entra users whose AD object is no discovered AD identity, page by page in page order */
  unresolved(): Iterable<readonly Identity[]> | AsyncIterable<readonly Identity[]>;
  /** how many tied Entra users there are: each is paired through linkedTo, or in sharedClaims or unresolved */
  tiedCount(): Awaitable<number>;
}

/** The same answered at once, from identities in memory. */
export interface SyncedLinksNow extends SyncedLinks {
  ambiguous(): readonly Identity[];
  sharedClaims(): readonly Identity[];
  linkedTo(directory: string, keys: readonly string[]): readonly Identity[];
  unresolved(): Iterable<readonly Identity[]>;
  tiedCount(): number;
}

const tied = (identity: Identity): identity is Identity & { linkedTo: { directory: string; key: string } } =>
  identity.kind === 'entra' && identity.linkedTo !== undefined && identity.linkAmbiguous === undefined;

export function syncedLinksIn(identities: readonly Identity[]): SyncedLinksNow {
  const claimants = new Map<string, Identity[]>();
  const adObjects = new Set<string>();
  let count = 0;
  for (const identity of identities) {
    if (identity.kind === 'ad') adObjects.add(refKey(identity));
    if (!tied(identity)) continue;
    count++;
    const key = refKey(identity.linkedTo);
    const found = claimants.get(key);
    if (found) found.push(identity);
    else claimants.set(key, [identity]);
  }
  const claimCount = (identity: Identity): number =>
    identity.linkedTo ? (claimants.get(refKey(identity.linkedTo))?.length ?? 0) : 0;
  return {
    ambiguous: () => identities.filter((i) => i.kind === 'entra' && i.linkAmbiguous !== undefined),
    sharedClaims: () => identities.filter((i) => tied(i) && claimCount(i) > 1),
    linkedTo: (directory, keys) => keys.flatMap((key) => claimants.get(refKey({ directory, key })) ?? []),
    unresolved: () => [identities.filter((i) => tied(i) && !adObjects.has(refKey(i.linkedTo)))],
    tiedCount: () => count,
  };
}
