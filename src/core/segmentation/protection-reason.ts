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
  breakGlass: { ruleId: 'protected-break-glass', reason: 'break-glass account: excluded from automation; reset manually and record it' },
  named: { ruleId: 'protected-identity', reason: "listed under protected.identities (Reclaim's own or another protected account)" },
  sync: { ruleId: 'protected-sync-account', reason: 'directory-synchronisation account (Entra Connect): resetting it would stop hybrid sync mid-campaign' },
  group: { ruleId: 'protected-group', reason: 'member of a group listed under protected.groups' },
  krbtgt: { ruleId: 'protected-krbtgt', reason: 'krbtgt is only ever reset by its own double-reset treatment, and triage did not call for it' },
} as const satisfies Record<string, Protection>;

export function namedIn(identity: Identity, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  if (names.has(identity.name.toLowerCase())) return true;
  if (identity.upn !== undefined && names.has(identity.upn.toLowerCase())) return true;
  return names.has(`${identity.directory}:${identity.key}`.toLowerCase());
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
function protectedName(identity: Identity, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  if (namedIn(identity, names)) return true;
  if (names.has(localPart(identity.name))) return true;
  return identity.upn !== undefined && names.has(localPart(identity.upn));
}

function groupProtected(identity: Identity, groups: ReadonlySet<string>): boolean {
  if (groups.size === 0) return false;
  for (const g of groups) if (memberOfLower(identity, g)) return true;
  return false;
}

/** Either side of a hybrid person being protected protects the person. */
export function protectionReason(identity: Identity, linked: Identity | null, rules: CompiledSegmentRules, krbtgtInTreatment: boolean): Protection | null {
  for (const side of linked ? [identity, linked] : [identity]) {
    if (protectedName(side, rules.breakGlass)) return reasons.breakGlass;
    if (protectedName(side, rules.protectedNames)) return reasons.named;
    if (syncAccountPattern.test(side.name) || (side.upn !== undefined && syncAccountPattern.test(side.upn))) return reasons.sync;
    if (groupProtected(side, rules.protectedGroups)) return reasons.group;
  }
  if (!krbtgtInTreatment && isKrbtgt(identity)) return reasons.krbtgt;
  return null;
}
