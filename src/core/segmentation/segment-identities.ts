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

export function segmentIdentities(input: SegmentationInput): SegmentationResult {
  const { rules } = input;
  const nowMs = Date.parse(input.now);
  if (!Number.isFinite(nowMs)) throw new ReclaimError('INPUT_INVALID', `segmentation: "now" is not an ISO date and time: ${input.now}`);
  const inactiveBeforeMs = nowMs - rules.inactiveDays * 86_400_000;
  const all = Array.isArray(input.identities) ? (input.identities as Identity[]) : [...input.identities];
  // The Entra side of each synced person, by the AD directory and key it is linked to (nested maps:
  // no composite key string per identity). Entries are removed as their AD side is met; those left
  // at the end have no AD side.
  const cloudSide = new Map<string, Map<string, Identity>>();
  for (const identity of all) {
    if (identity.kind !== 'entra' || !identity.linkedTo) continue;
    let byKey = cloudSide.get(identity.linkedTo.directory);
    if (!byKey) cloudSide.set(identity.linkedTo.directory, (byKey = new Map()));
    byKey.set(identity.linkedTo.key, identity);
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
      reason: input.scope.kind === 'none' ? 'triage concluded that no reset is needed' : 'computer accounts, and identities outside the triage scope',
    },
    unmatchedCompromised: unmatchedNames(all, input.scope.accounts),
  };
  const outOfScope = (identity: Identity): void => {
    result.outOfScope.count++;
    if (result.outOfScope.sample.length < 20) result.outOfScope.sample.push(`${identity.directory}:${identity.name}`);
  };

  for (const identity of all) {
    if (identity.kind === 'entra' && identity.linkedTo) continue; // decided with its AD side, or below
    let linked: Identity | null = null;
    if (identity.kind === 'ad') {
      const byKey = cloudSide.get(identity.directory);
      linked = byKey?.get(identity.key) ?? null;
      if (linked) byKey?.delete(identity.key);
    }
    if (identity.accountType === 'computer' || input.scope.kind === 'none' || (scopeNames !== null && !namedIn(identity, scopeNames) && !(linked && namedIn(linked, scopeNames)))) {
      outOfScope(identity);
      continue;
    }
    const protection = protectionReason(identity, linked, rules, input.krbtgtDoubleReset);
    if (protection) {
      result.protected.push({ directory: identity.directory, key: identity.key, name: identity.name, ...protection });
      continue;
    }
    const match = segmentIdentity(identity, linked, rules, inactiveBeforeMs);
    const choice = chooseTreatment(match.segment, identity, linked, rules, input);
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
      owner: match.segment === 'serviceAccount' ? (rules.serviceAccountOwners.get(identity.name.toLowerCase()) ?? null) : null,
      compromised: namedIn(identity, compromisedNames) || (linked !== null && namedIn(linked, compromisedNames)),
      wave: 0,
    });
  }

  for (const identity of [...cloudSide.values()].flatMap((byKey) => [...byKey.values()])) {
    if (input.scope.kind === 'none' || (scopeNames !== null && !namedIn(identity, scopeNames))) {
      outOfScope(identity);
      continue;
    }
    result.unmanageable.push({
      directory: identity.directory,
      key: identity.key,
      name: identity.name,
      ruleId: 'synced-without-ad-side',
      reason: 'synchronised from an AD domain Reclaim did not discover: its password can only be changed in that domain (configure it)',
    });
  }
  return result;
}
