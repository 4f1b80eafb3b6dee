// Segmentation one identity at a time (segment-identities.ts drives it over an array or over
// pages). First the link anomalies are noted (ambiguous anchors, AD objects claimed twice: a few
// records, never one per synced user). Then each identity is added in a stable order: an AD
// identity is decided together with its Entra side, which the caller looks up by the AD object
// (SyncedLinks.linkedTo); last, the synced users whose AD object was never met are set aside.
import { ReclaimError } from '../errors/reclaim-error.ts';
import type { Identity } from '../identity.ts';
import { chooseTreatment, ssprRegistered } from './choose-treatment.ts';
import { namedIn, protectionReason } from './protection-reason.ts';
import type { SegmentAssignment, SegmentationResult, SegmentationSettings } from './segment-identities.ts';
import { segmentIdentity } from './segment-identity.ts';
import { namesLeft } from './unmatched-names.ts';

/** A synced Entra user set aside: enough to name it and to say why. */
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
  // SAFETY: a synced Entra user tied to no single AD object (its anchors name two, or two Entra
  // users claim one AD object) is never guessed: it is set aside with the reason, and each AD
  // object it may come from is planned as a synced person with no cloud side to act on (under
  // password hash sync only a password write in AD reaches whichever cloud user it really is).
  const ambiguous: Array<CloudLink & { reason: string }> = [];
  const claimedAmbiguously = new Set<string>();
  // the AD objects two or more Entra users claim: none of those users is their cloud side
  const claimedTwice = new Set<string>();
  // SAFETY: the synced users tied to an AD object that were paired with it, set aside as claiming
  // it with another, or set aside without it: every one, or the plan is refused (checkLinksMet)
  let linksMet = 0;
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

  // Synced Entra users set aside: whose AD side was not discovered, or is ambiguous (in scope
  // whenever there is a scope: an ambiguity is worth an operator's look even when not named).
  const setAside = (link: CloudLink, ruleId: string, reason: string, inScope: boolean): void => {
    if (!inScope) {
      outOfScope(link);
      return;
    }
    result.unmanageable.push({ directory: link.directory, key: link.key, name: link.name, ruleId, reason });
  };

  return {
    /** First: the Entra users whose anchors name two AD objects (SyncedLinks.ambiguous). */
    noteAmbiguous(identities: readonly Identity[]): void {
      for (const identity of identities) {
        if (identity.kind !== 'entra' || !identity.linkAmbiguous) continue;
        ambiguous.push({ ...linkOf(identity), reason: identity.linkAmbiguous.reason });
        for (const ref of identity.linkAmbiguous.candidates) claimedAmbiguously.add(refKey(ref));
      }
    },

    /** Then: the Entra users claiming an AD object another one claims (SyncedLinks.sharedClaims). */
    noteSharedClaims(identities: readonly Identity[]): void {
      const claims = new Map<string, { ad: { directory: string; key: string }; links: CloudLink[] }>();
      for (const identity of identities) {
        if (!identity.linkedTo) continue;
        const key = refKey(identity.linkedTo);
        const found = claims.get(key);
        if (found) found.links.push(linkOf(identity));
        else claims.set(key, { ad: identity.linkedTo, links: [linkOf(identity)] });
      }
      for (const [key, { ad, links }] of claims) {
        if (links.length < 2) continue;
        const reason = `${links.map((i) => `${i.directory}:${i.name}`).join(' and ')} are all linked to ${ad.directory}:${ad.key}`;
        for (const link of links) ambiguous.push({ ...link, reason });
        claimedAmbiguously.add(key);
        claimedTwice.add(key);
        linksMet += links.length;
      }
    },

    /** One identity; `side` returns the Entra user tied to an AD object (SyncedLinks.linkedTo). */
    add(identity: Identity, side: (ad: { directory: string; key: string }) => Identity | undefined): void {
      unmatched.see(identity);
      // decided with its AD side, or set aside at the end
      if (identity.kind === 'entra' && (identity.linkedTo || identity.linkAmbiguous)) return;
      const shared = identity.kind === 'ad' && claimedTwice.size > 0 && claimedTwice.has(refKey(identity));
      const linked = identity.kind === 'ad' && !shared ? (side(identity) ?? null) : null;
      if (linked) linksMet++;
      decide(identity, linked);
    },

    /** After every identity: a tied Entra user whose AD object no page held (SyncedLinks.unresolved). */
    setAsideUnresolved(identity: Identity): void {
      if (!identity.linkedTo || claimedTwice.has(refKey(identity.linkedTo))) return;
      linksMet++;
      setAside(
        linkOf(identity),
        'synced-without-ad-side',
        'synchronised from an AD domain Reclaim did not discover: its password can only be changed in that domain (configure it)',
        input.scope.kind !== 'none' && (scopeNames === null || namedIn(identity, scopeNames)),
      );
    },

    /** Before finishing: `tied` synced users were tied to an AD object (SyncedLinks.tiedCount). */
    checkLinksMet(tied: number): void {
      if (linksMet !== tied)
        throw new ReclaimError(
          'STORE_CONFLICT',
          `segmentation: ${tied} synced Entra users are tied to an AD object, but ${linksMet} were paired with it or set aside: ` +
            'the identities read do not agree (did a discovery finish while planning?); plan again',
        );
    },

    finish(): SegmentationResult {
      result.unmatchedCompromised = unmatched.unmatched();
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
