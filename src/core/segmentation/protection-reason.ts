// SAFETY: protected identities are never placed in a wave, whatever the rules or the plan say:
// break-glass accounts (the way back in if everything else fails), Reclaim's own accounts (the
// campaign would lock itself out), directory-sync accounts (hybrid identity would stop), members of
// configured protected groups, and krbtgt when triage did not call for its double reset.
import type { Identity } from '../identity.ts';
import { syncAccountPattern, type CompiledSegmentRules } from './segment-rules.ts';
import { isKrbtgt, memberOfLower } from './segment-identity.ts';

export interface Protection {
  ruleId: string;
  reason: string;
}

const reasons = {
  breakGlass: {
    ruleId: 'protected-break-glass',
    reason: 'break-glass account: excluded from automation; reset manually and record it',
  },
  named: {
    ruleId: 'protected-identity',
    reason: "listed under protected.identities (Reclaim's own or another protected account)",
  },
  sync: {
    ruleId: 'protected-sync-account',
    reason: 'directory-synchronisation account (Entra Connect): resetting it would stop hybrid sync mid-campaign',
  },
  group: { ruleId: 'protected-group', reason: 'member of a group listed under protected.groups' },
  krbtgt: {
    ruleId: 'protected-krbtgt',
    reason: 'krbtgt is only ever reset by its own double-reset treatment, and triage did not call for it',
  },
} as const satisfies Record<string, Protection>;

export function namedIn(
  identity: Pick<Identity, 'directory' | 'key' | 'name' | 'upn'>,
  names: ReadonlySet<string>,
): boolean {
  if (names.size === 0) return false;
  if (names.has(identity.name.toLowerCase())) return true;
  if (identity.upn !== undefined && names.has(identity.upn.toLowerCase())) return true;
  return hasReferences(names) && names.has(`${identity.directory}:${identity.key}`.toLowerCase());
}

// Whether a name set holds any directory:key reference, remembered per set: most hold none, and
// then no reference string is built per identity.
const withReferences = new WeakMap<ReadonlySet<string>, boolean>();
function hasReferences(names: ReadonlySet<string>): boolean {
  let known = withReferences.get(names);
  if (known === undefined) {
    known = [...names].some((n) => n.includes(':'));
    withReferences.set(names, known);
  }
  return known;
}

const localPart = (name: string): string => {
  const at = name.indexOf('@');
  return (at > 0 ? name.slice(0, at) : name).toLowerCase();
};

/**
 * SAFETY: for protection a listed name also covers the same account name in every directory
 * (`bg-admin` protects bg-admin@tenant): protecting one account too many is recoverable, touching a
 * break-glass account is not.
 */
function protectedName(identity: Identity, lowerName: string, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  if (names.has(lowerName)) return true;
  if (identity.upn !== undefined && (names.has(identity.upn.toLowerCase()) || names.has(localPart(identity.upn))))
    return true;
  if (lowerName.includes('@') && names.has(localPart(lowerName))) return true;
  return hasReferences(names) && names.has(`${identity.directory}:${identity.key}`.toLowerCase());
}

function groupProtected(identity: Identity, groups: ReadonlySet<string>): boolean {
  if (groups.size === 0) return false;
  for (const g of groups) if (memberOfLower(identity, g)) return true;
  return false;
}

/** Either side of a hybrid person being protected protects the person. */
export function protectionReason(
  identity: Identity,
  linked: Identity | null,
  rules: CompiledSegmentRules,
  krbtgtInTreatment: boolean,
): Protection | null {
  for (let n = 0; n < (linked ? 2 : 1); n++) {
    const side = n === 0 ? identity : (linked as Identity);
    const lowerName = side.name.toLowerCase();
    if (protectedName(side, lowerName, rules.breakGlass)) return reasons.breakGlass;
    if (protectedName(side, lowerName, rules.protectedNames)) return reasons.named;
    if (syncAccountPattern.test(side.name) || (side.upn !== undefined && syncAccountPattern.test(side.upn)))
      return reasons.sync;
    if (groupProtected(side, rules.protectedGroups)) return reasons.group;
  }
  if (!krbtgtInTreatment && isKrbtgt(identity)) return reasons.krbtgt;
  return null;
}
