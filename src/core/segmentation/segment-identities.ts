// Segments a whole discovered population: pairs the two sides of each hybrid person into one
// decision, sets protected and out-of-scope identities aside with their reason, and gives every
// in-scope identity exactly one segment and one treatment. One pass, no sort.
import { ReclaimError } from '../errors/reclaim-error.ts';
import type { Identity } from '../identity.ts';
import type { TriageScope } from '../triage/decide-triage.ts';
import { chooseTreatment, ssprRegistered, type TreatmentInputs } from './choose-treatment.ts';
import type { HybridWhy } from './hybrid-choice.ts';
import { namedIn, protectionReason } from './protection-reason.ts';
import type { CompiledSegmentRules } from './segment-rules.ts';
import { segmentIdentity } from './segment-identity.ts';
import type { SegmentId } from './segments.ts';
import type { TreatmentId } from './treatments.ts';
import { unmatchedNames } from './unmatched-names.ts';

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

export interface SegmentationInput extends TreatmentInputs {
  identities: Iterable<Identity>;
  rules: CompiledSegmentRules;
  scope: TriageScope;
  krbtgtDoubleReset: boolean;
  /** ISO instant the campaign is planned at (inactivity is counted back from it) */
  now: string;
  /** returns the wave-grouping value of an identity */
  groupOf: (identity: Identity) => string;
}

/** The cloud side of an AD object an ambiguous Entra user may come from: synced, not resolved. */
const unresolvedCloudSide = { directory: '(ambiguous)', key: '(ambiguous)' };

export function segmentIdentities(input: SegmentationInput): SegmentationResult {
  const { rules } = input;
  const nowMs = Date.parse(input.now);
  if (!Number.isFinite(nowMs))
    throw new ReclaimError('INPUT_INVALID', `segmentation: "now" is not an ISO date and time: ${input.now}`);
  const inactiveBeforeMs = nowMs - rules.inactiveDays * 86_400_000;
  const all = Array.isArray(input.identities) ? (input.identities as Identity[]) : [...input.identities];
  // The Entra side of each synced person, by the AD directory and key it is linked to (nested maps:
  // no composite key string per identity). Entries are removed as their AD side is met; those left
  // at the end have no AD side.
  const cloudSide = new Map<string, Map<string, Identity>>();
  // SAFETY: a synced Entra user tied to no single AD object (its anchors name two, or two Entra
  // users claim one AD object) is never guessed: it is set aside with the reason, and each AD
  // object it may come from is planned as a synced person with no cloud side to act on (under
  // password hash sync only a password write in AD reaches whichever cloud user it really is).
  const ambiguous = new Map<Identity, string>();
  const claimedAmbiguously = new Set<string>();
  const refKey = (ref: { directory: string; key: string }) => `${ref.directory}\n${ref.key}`;
  const claimants = new Map<string, Identity[]>();
  for (const identity of all) {
    if (identity.kind !== 'entra') continue;
    if (identity.linkAmbiguous) {
      ambiguous.set(identity, identity.linkAmbiguous.reason);
      for (const ref of identity.linkAmbiguous.candidates) claimedAmbiguously.add(refKey(ref));
    } else if (identity.linkedTo) {
      const list = claimants.get(refKey(identity.linkedTo));
      if (list) list.push(identity);
      else claimants.set(refKey(identity.linkedTo), [identity]);
    }
  }
  for (const [key, list] of claimants) {
    const [first] = list;
    if (!first?.linkedTo) continue;
    if (list.length > 1) {
      const reason = `${list.map((i) => `${i.directory}:${i.name}`).join(' and ')} are all linked to ${first.linkedTo.directory}:${first.linkedTo.key}`;
      for (const i of list) ambiguous.set(i, reason);
      claimedAmbiguously.add(key);
      continue;
    }
    let byKey = cloudSide.get(first.linkedTo.directory);
    if (!byKey) cloudSide.set(first.linkedTo.directory, (byKey = new Map()));
    byKey.set(first.linkedTo.key, first);
  }
  const scopeNames = input.scope.kind === 'accounts' ? new Set(input.scope.accounts.map((a) => a.toLowerCase())) : null;
  const compromisedNames = new Set(input.scope.accounts.map((a) => a.toLowerCase()));
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
    unmatchedCompromised: unmatchedNames(all, input.scope.accounts),
  };
  const outOfScope = (identity: Identity): void => {
    result.outOfScope.count++;
    if (result.outOfScope.sample.length < 20) result.outOfScope.sample.push(`${identity.directory}:${identity.name}`);
  };

  for (const identity of all) {
    if (identity.kind === 'entra' && (identity.linkedTo || ambiguous.has(identity))) continue; // decided with its AD side, or below
    let linked: Identity | null = null;
    if (identity.kind === 'ad') {
      const byKey = cloudSide.get(identity.directory);
      linked = byKey?.get(identity.key) ?? null;
      if (linked) byKey?.delete(identity.key);
    }
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
      continue;
    }
    const protection = protectionReason(person, linked, rules, input.krbtgtDoubleReset);
    if (protection) {
      result.protected.push({ directory: identity.directory, key: identity.key, name: identity.name, ...protection });
      continue;
    }
    const match = segmentIdentity(person, linked, rules, inactiveBeforeMs);
    const choice = chooseTreatment(match.segment, person, linked, rules, input);
    const registration = linked?.registration ?? identity.registration;
    const linkedRef = linked
      ? { directory: linked.directory, key: linked.key, name: linked.name }
      : identity.linkedTo
        ? { directory: identity.linkedTo.directory, key: identity.linkedTo.key, name: identity.linkedTo.key }
        : null;
    result.assignments.push({
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

  // Synced Entra users set aside: whose AD side was not discovered, or is ambiguous (in scope
  // whenever there is a scope: an ambiguity is worth an operator's look even when not named).
  const setAside = (identity: Identity, ruleId: string, reason: string, inScope: boolean): void => {
    if (!inScope) {
      outOfScope(identity);
      return;
    }
    result.unmanageable.push({ directory: identity.directory, key: identity.key, name: identity.name, ruleId, reason });
  };
  for (const identity of [...cloudSide.values()].flatMap((byKey) => [...byKey.values()])) {
    setAside(
      identity,
      'synced-without-ad-side',
      'synchronised from an AD domain Reclaim did not discover: its password can only be changed in that domain (configure it)',
      input.scope.kind !== 'none' && (scopeNames === null || namedIn(identity, scopeNames)),
    );
  }
  for (const [identity, why] of ambiguous) {
    setAside(
      identity,
      'synced-link-ambiguous',
      `synchronised, but discovery cannot tell from which AD object: ${why}. Nothing is done to it; ` +
        `its AD candidates are treated as synced (a password write in AD reaches it through ` +
        `password hash sync). Check its sourceAnchor in Entra Connect`,
      input.scope.kind !== 'none',
    );
  }
  return result;
}
