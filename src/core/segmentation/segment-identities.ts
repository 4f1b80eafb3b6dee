// Segments a whole discovered population: pairs the two sides of each hybrid person into one
// decision, sets protected and out-of-scope identities aside with their reason, and gives every
// in-scope identity exactly one segment and one treatment. One pass, no sort: over an array, or
// over pages read from a store, where each AD page's Entra sides are read by the page's AD keys
// and only the link anomalies are kept between pages (segmenter.ts, synced-links.ts).
import type { Identity } from '../identity.ts';
import type { TriageScope } from '../triage/decide-triage.ts';
import type { TreatmentInputs } from './choose-treatment.ts';
import type { HybridWhy } from './hybrid-choice.ts';
import { createSegmenter, refKey } from './segmenter.ts';
import { syncedLinksIn, type SyncedLinks } from './synced-links.ts';
import type { CompiledSegmentRules } from './segment-rules.ts';
import type { SegmentId } from './segments.ts';
import type { TreatmentId } from './treatments.ts';

export interface LinkedRef {
  directory: string;
  key: string;
  name: string;
}

/** One decision per person: `directory`/`key` is the AD side of a hybrid person, `linked` its Entra side. */
export interface SegmentAssignment {
  directory: string;
  key: string;
  name: string;
  dn: string | null;
  kind: Identity['kind'];
  segment: SegmentId;
  treatment: TreatmentId;
  /** why a synced person got its treatment (hybridWhyText); null for everyone else */
  why: HybridWhy | null;
  ruleId: string;
  rule: string;
  linked: LinkedRef | null;
  ssprRegistered: boolean;
  mfaRegistered: boolean;
  /** the value waves are grouped by (department, site, OU or an attribute) */
  group: string;
  /** service accounts: the owner from the inventory, when known */
  owner: string | null;
  /** named by triage as known compromised: planned right after the privileged wave */
  compromised: boolean;
  /** the wave number once planned; 0 before planning, and for krbtgt (its own timeline) */
  wave: number;
}

export interface SetAside {
  directory: string;
  key: string;
  name: string;
  ruleId: string;
  reason: string;
}

export interface SegmentationResult {
  assignments: SegmentAssignment[];
  protected: SetAside[];
  /** synced Entra identities whose AD side was not discovered: a Graph password write is refused */
  unmanageable: SetAside[];
  outOfScope: { count: number; sample: string[]; reason: string };
  /** names triage listed as known compromised that match no discovered identity */
  unmatchedCompromised: string[];
}

export interface SegmentationSettings extends TreatmentInputs {
  rules: CompiledSegmentRules;
  scope: TriageScope;
  krbtgtDoubleReset: boolean;
  /** ISO instant the campaign is planned at (inactivity is counted back from it) */
  now: string;
  /** returns the wave-grouping value of an identity */
  groupOf: (identity: Identity) => string;
}

export interface SegmentationInput extends SegmentationSettings {
  identities: Iterable<Identity>;
}

export interface SegmentationPagesInput extends SegmentationSettings {
  /** every identity page by page, in a stable order */
  pages: () => AsyncIterable<readonly Identity[]>;
  /** the links of synced Entra users, asked in that order (a store answers by query) */
  links: SyncedLinks;
}

export function segmentIdentities(input: SegmentationInput): SegmentationResult {
  const segmenter = createSegmenter(input);
  const all = Array.isArray(input.identities) ? (input.identities as Identity[]) : [...input.identities];
  const links = syncedLinksIn(all);
  segmenter.noteAmbiguous(links.ambiguous());
  segmenter.noteSharedClaims(links.sharedClaims());
  const sides = sidesOf([...adKeysOf(all)].map(([directory, keys]) => links.linkedTo(directory, keys)));
  for (const identity of all) segmenter.add(identity, sides);
  for (const page of links.unresolved()) for (const identity of page) segmenter.setAsideUnresolved(identity);
  segmenter.checkLinksMet(links.tiedCount());
  return segmenter.finish();
}

/**
/**
 * The same over pages: each AD page's Entra sides are asked for by its AD keys, and what is kept
 * between pages is the link anomalies only; memory is one page plus those. Each page's
 * assignments go to `spill` once the page is segmented; none is kept here.
 */
export async function segmentIdentityPages(
  input: SegmentationPagesInput & { spill: (assignments: SegmentAssignment[]) => void | Promise<void> },
): Promise<Omit<SegmentationResult, 'assignments'>> {
  let decided: SegmentAssignment[] = [];
  const segmenter = createSegmenter(input, (assignment) => decided.push(assignment));
  const { links } = input;
  segmenter.noteAmbiguous(await links.ambiguous());
  segmenter.noteSharedClaims(await links.sharedClaims());
  for await (const page of input.pages()) {
    const found: (readonly Identity[])[] = [];
    for (const [directory, keys] of adKeysOf(page)) found.push(await links.linkedTo(directory, keys));
    const sides = sidesOf(found);
    for (const identity of page) segmenter.add(identity, sides);
    if (decided.length > 0) await input.spill(decided);
    decided = [];
  }
  for await (const page of links.unresolved()) for (const identity of page) segmenter.setAsideUnresolved(identity);
  segmenter.checkLinksMet(await links.tiedCount());
  const { assignments: _none, ...result } = segmenter.finish();
  if (decided.length > 0) await input.spill(decided);
  return result;
}

/** The keys of a page's AD identities, by directory: what SyncedLinks.linkedTo is asked. */
function adKeysOf(page: readonly Identity[]): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const identity of page) {
    if (identity.kind !== 'ad') continue;
    const list = keys.get(identity.directory);
    if (list) list.push(identity.key);
    else keys.set(identity.directory, [identity.key]);
  }
  return keys;
}

/** The Entra user tied to an AD object, among those linkedTo answered. */
function sidesOf(
  found: readonly (readonly Identity[])[],
): (ad: { directory: string; key: string }) => Identity | undefined {
  const byAd = new Map<string, Identity>();
  for (const identities of found)
    for (const identity of identities) if (identity.linkedTo) byAd.set(refKey(identity.linkedTo), identity);
  return (ad) => byAd.get(refKey(ad));
}
