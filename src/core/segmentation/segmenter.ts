// Segmentation one identity at a time (segment-identities.ts drives it over an array or over
// pages). First every Entra identity's link is noted (noteCloudSide): what is kept is a small
// record per synced user, never the identity. Then each identity is added in a stable order: an AD
// identity is decided together with its Entra side, which the caller hands back by its link.
import { ReclaimError } from '../errors/reclaim-error.ts';
import type { Identity } from '../identity.ts';
import { chooseTreatment, ssprRegistered } from './choose-treatment.ts';
import { namedIn, protectionReason } from './protection-reason.ts';
import type { SegmentAssignment, SegmentationResult, SegmentationSettings } from './segment-identities.ts';
import { segmentIdentity } from './segment-identity.ts';
import { namesLeft } from './unmatched-names.ts';

/** A synced Entra user as kept between pages: enough to read it back, to name it and to set it aside. */
export interface CloudLink {
  directory: string;
  key: string;
  name: string;
  upn: string | undefined;
}

export const refKey = (ref: { directory: string; key: string }): string => `${ref.directory}\n${ref.key}`;

/** The cloud side of an AD object an ambiguous Entra user may come from: synced, not resolved. */
const unresolvedCloudSide = { directory: '(ambiguous)', key: '(ambiguous)' };

const linkOf = (identity: Identity): CloudLink => ({
  directory: identity.directory,
  key: identity.key,
  name: identity.name,
  upn: identity.upn,
});

/**
 * `emit` takes each assignment as it is decided (segmentIdentityPages hands them to the planner's
 * spill a page at a time); without it they are kept in the result's `assignments`.
 */
export function createSegmenter(input: SegmentationSettings, emit?: (assignment: SegmentAssignment) => void) {
  const { rules } = input;
  const nowMs = Date.parse(input.now);
  if (!Number.isFinite(nowMs))
    throw new ReclaimError('INPUT_INVALID', `segmentation: "now" is not an ISO date and time: ${input.now}`);
  const inactiveBeforeMs = nowMs - rules.inactiveDays * 86_400_000;
  // The Entra side of each synced person, by the AD directory and key it is linked to (nested maps:
  // no composite key string per identity). Entries are removed as their AD side is met; those left
  // at the end have no AD side.
  const cloudSide = new Map<string, Map<string, CloudLink>>();
  // SAFETY: a synced Entra user tied to no single AD object (its anchors name two, or two Entra
  // users claim one AD object) is never guessed: it is set aside with the reason, and each AD
  // object it may come from is planned as a synced person with no cloud side to act on (under
  // password hash sync only a password write in AD reaches whichever cloud user it really is).
  const ambiguous: Array<CloudLink & { reason: string }> = [];
  const claimedAmbiguously = new Set<string>();
  // noted links, by the AD object claimed; closed into cloudSide before the first identity is added
  let claimants: Map<string, { ad: { directory: string; key: string }; links: CloudLink[] }> | null = new Map();
  const scopeNames = input.scope.kind === 'accounts' ? new Set(input.scope.accounts.map((a) => a.toLowerCase())) : null;
  const compromisedNames = new Set(input.scope.accounts.map((a) => a.toLowerCase()));
  const unmatched = namesLeft(input.scope.accounts);
  const result: SegmentationResult = {
    assignments: [],
    protected: [],
    unmanageable: [],
    outOfScope: {
      count: 0,
      sample: [],
      reason:
        input.scope.kind === 'none'
          ? 'triage concluded that no reset is needed'
          : 'computer accounts, and identities outside the triage scope',
    },
    unmatchedCompromised: [],
  };
  const decided = emit ?? ((assignment: SegmentAssignment) => result.assignments.push(assignment));
  const outOfScope = (identity: { directory: string; name: string }): void => {
    result.outOfScope.count++;
    if (result.outOfScope.sample.length < 20) result.outOfScope.sample.push(`${identity.directory}:${identity.name}`);
  };

  const closeLinks = (): void => {
    if (!claimants) return;
    for (const [key, { ad, links }] of claimants) {
      const [first] = links;
      if (!first) continue;
      if (links.length > 1) {
        const reason = `${links.map((i) => `${i.directory}:${i.name}`).join(' and ')} are all linked to ${ad.directory}:${ad.key}`;
        for (const link of links) ambiguous.push({ ...link, reason });
        claimedAmbiguously.add(key);
        continue;
      }
      let byKey = cloudSide.get(ad.directory);
      if (!byKey) cloudSide.set(ad.directory, (byKey = new Map()));
      byKey.set(ad.key, first);
    }
    claimants = null;
  };

  return {
    /** Pass 1: every Entra identity (others are ignored), before any is added. */
    noteCloudSide(identity: Identity): void {
      if (identity.kind !== 'entra' || !claimants) return;
      if (identity.linkAmbiguous) {
        ambiguous.push({ ...linkOf(identity), reason: identity.linkAmbiguous.reason });
        for (const ref of identity.linkAmbiguous.candidates) claimedAmbiguously.add(refKey(ref));
      } else if (identity.linkedTo) {
        const key = refKey(identity.linkedTo);
        const found = claimants.get(key);
        if (found) found.links.push(linkOf(identity));
        else claimants.set(key, { ad: identity.linkedTo, links: [linkOf(identity)] });
      }
    },

    /** The Entra sides the AD identities of a page are decided with (to read back before adding them). */
    cloudSidesOf(page: readonly Identity[]): CloudLink[] {
      closeLinks();
      const wanted: CloudLink[] = [];
      for (const identity of page) {
        const link = identity.kind === 'ad' ? cloudSide.get(identity.directory)?.get(identity.key) : undefined;
        if (link) wanted.push(link);
      }
      return wanted;
    },

    /** Pass 2: one identity; `side` returns the Entra identity of a link (cloudSidesOf). */
    add(identity: Identity, side: (link: CloudLink) => Identity | undefined): void {
      closeLinks();
      unmatched.see(identity);
      // decided with its AD side, or set aside at the end
      if (identity.kind === 'entra' && (identity.linkedTo || identity.linkAmbiguous)) return;
      let linked: Identity | null = null;
      if (identity.kind === 'ad') {
        const byKey = cloudSide.get(identity.directory);
        const link = byKey?.get(identity.key);
        if (link) {
          byKey?.delete(identity.key);
          linked = side(link) ?? null;
          if (!linked)
            throw new ReclaimError(
              'STORE_CONFLICT',
              `segmentation: the Entra side ${link.directory}:${link.name} of ${identity.directory}:${identity.name} vanished while read`,
            );
        }
      }
      decide(identity, linked);
    },

    finish(): SegmentationResult {
      closeLinks();
      result.unmatchedCompromised = unmatched.unmatched();
      // Synced Entra users set aside: whose AD side was not discovered, or is ambiguous (in scope
      // whenever there is a scope: an ambiguity is worth an operator's look even when not named).
      const setAside = (link: CloudLink, ruleId: string, reason: string, inScope: boolean): void => {
        if (!inScope) {
          outOfScope(link);
          return;
        }
        result.unmanageable.push({ directory: link.directory, key: link.key, name: link.name, ruleId, reason });
      };
      for (const byKey of cloudSide.values())
        for (const link of byKey.values())
          setAside(
            link,
            'synced-without-ad-side',
            'synchronised from an AD domain Reclaim did not discover: its password can only be changed in that domain (configure it)',
            input.scope.kind !== 'none' && (scopeNames === null || namedIn(link, scopeNames)),
          );
      for (const link of ambiguous)
        setAside(
          link,
          'synced-link-ambiguous',
          `synchronised, but discovery cannot tell from which AD object: ${link.reason}. Nothing is done to it; ` +
            `its AD candidates are treated as synced (a password write in AD reaches it through ` +
            `password hash sync). Check its sourceAnchor in Entra Connect`,
          input.scope.kind !== 'none',
        );
      return result;
    },
  };

  function decide(identity: Identity, linked: Identity | null): void {
    // an AD object an ambiguous Entra user may come from is segmented as synced (no cloud side to act on)
    const person =
      !linked && !identity.linkedTo && claimedAmbiguously.has(refKey(identity))
        ? { ...identity, linkedTo: unresolvedCloudSide }
        : identity;
    if (
      identity.accountType === 'computer' ||
      input.scope.kind === 'none' ||
      (scopeNames !== null && !namedIn(identity, scopeNames) && !(linked && namedIn(linked, scopeNames)))
    ) {
      outOfScope(identity);
      return;
    }
    const protection = protectionReason(person, linked, rules, input.krbtgtDoubleReset);
    if (protection) {
      result.protected.push({ directory: identity.directory, key: identity.key, name: identity.name, ...protection });
      return;
    }
    const match = segmentIdentity(person, linked, rules, inactiveBeforeMs);
    const choice = chooseTreatment(match.segment, person, linked, rules, input);
    const registration = linked?.registration ?? identity.registration;
    const linkedRef = linked
      ? { directory: linked.directory, key: linked.key, name: linked.name }
      : identity.linkedTo
        ? { directory: identity.linkedTo.directory, key: identity.linkedTo.key, name: identity.linkedTo.key }
        : null;
    decided({
      directory: identity.directory,
      key: identity.key,
      name: identity.name,
      dn: identity.dn ?? null,
      kind: identity.kind,
      segment: match.segment,
      treatment: choice.treatment,
      why: choice.why,
      ruleId: match.ruleId,
      rule: match.rule,
      linked: linkedRef,
      ssprRegistered: ssprRegistered(identity, linked),
      mfaRegistered: registration?.mfaRegistered === true,
      group: input.groupOf(identity),
      owner:
        match.segment === 'serviceAccount'
          ? (rules.serviceAccountOwners.get(identity.name.toLowerCase()) ?? null)
          : null,
      compromised: namedIn(identity, compromisedNames) || (linked !== null && namedIn(linked, compromisedNames)),
      wave: 0,
    });
  }
}
