// Segments a whole discovered population: pairs the two sides of each hybrid person into one
// decision, sets protected and out-of-scope identities aside with their reason, and gives every
// in-scope identity exactly one segment and one treatment. Two passes (the Entra sides' links,
// then every identity), no sort: over an array, or over pages read from a store, where only the
// links are kept between pages and each AD page's Entra sides are read back by key (segmenter.ts).
import type { Identity } from '../identity.ts';
import type { TriageScope } from '../triage/decide-triage.ts';
import type { TreatmentInputs } from './choose-treatment.ts';
import type { HybridWhy } from './hybrid-choice.ts';
import { createSegmenter, refKey, type CloudLink } from './segmenter.ts';
import type { CompiledSegmentRules } from './segment-rules.ts';
import type { SegmentId } from './segments.ts';
import type { TreatmentId } from './treatments.ts';

export type { CloudLink } from './segmenter.ts';

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
  /** every identity page by page, in a stable order (the Entra ones only when asked for 'entra') */
  pages: (kind?: 'entra') => AsyncIterable<readonly Identity[]>;
  /** the identities the links name (Entra sides of synced people), read back by directory and key */
  readCloudSides: (links: readonly CloudLink[]) => Promise<readonly Identity[]>;
}

export function segmentIdentities(input: SegmentationInput): SegmentationResult {
  const segmenter = createSegmenter(input);
  const all = Array.isArray(input.identities) ? (input.identities as Identity[]) : [...input.identities];
  const cloud = new Map<string, Identity>();
  for (const identity of all) {
    segmenter.noteCloudSide(identity);
    if (identity.kind === 'entra' && identity.linkedTo) cloud.set(refKey(identity), identity);
  }
  for (const identity of all) segmenter.add(identity, (link) => cloud.get(refKey(link)));
  return segmenter.finish();
}

/**
 * The same over pages: what is kept between pages is the links of the synced Entra users (their
 * directory, key, name and UPN), never a whole identity; memory is one page plus those links.
 * Each page's assignments go to `spill` once the page is segmented; none is kept here.
 */
export async function segmentIdentityPages(
  input: SegmentationPagesInput & { spill: (assignments: SegmentAssignment[]) => void | Promise<void> },
): Promise<Omit<SegmentationResult, 'assignments'>> {
  let decided: SegmentAssignment[] = [];
  const segmenter = createSegmenter(input, (assignment) => decided.push(assignment));
  for await (const page of input.pages('entra')) for (const identity of page) segmenter.noteCloudSide(identity);
  for await (const page of input.pages()) {
    const wanted = segmenter.cloudSidesOf(page);
    const found = wanted.length > 0 ? await input.readCloudSides(wanted) : [];
    const byKey = new Map(found.map((identity) => [refKey(identity), identity]));
    for (const identity of page) segmenter.add(identity, (link) => byKey.get(refKey(link)));
    if (decided.length > 0) await input.spill(decided);
    decided = [];
  }
  const { assignments: _none, ...result } = segmenter.finish();
  return result;
}
