// Segment rules are data from the configuration (`segments:` and `protected:` in reclaim.yaml).
// They are compiled once (regexes, lower-cased sets) so that classifying a million identities does
// no per-identity parsing.
import { ReclaimError } from '../errors/reclaim-error.ts';
import type { SegmentId } from './segments.ts';

/** A custom rule: every condition given must hold. Evaluated after protection, krbtgt and privileged. */
export interface CustomSegmentRule {
  id: string;
  description: string;
  segment: Exclude<SegmentId, 'krbtgt' | 'privileged'>;
  when: {
    /** group DN (AD) or group id (Entra), direct membership */
    memberOf?: string;
    /** the identity's DN ends with this (an OU and everything below it) */
    ouSuffix?: string;
    /** a regular expression on the account name */
    namePattern?: string;
    directory?: string;
    attribute?: { name: string; equals?: string; pattern?: string };
  };
}

/** Shaped like the config's `segments:` section, so the parsed config can be passed as is. */
export interface SegmentSettings {
  vpnCertificateGroup?: string | undefined;
  vpnPasswordGroup?: string | undefined;
  breakGlass: string[];
  serviceAccountOus: string[];
  serviceAccountNamePatterns: string[];
  inactiveDays: number;
  /** names known to be service accounts (an inventory file), with their owner when known */
  serviceAccountInventory?:
    | Array<{ name: string; owner?: string | undefined; application?: string | undefined }>
    | undefined;
  rules?: CustomSegmentRule[] | undefined;
  /** per segment, the FGPP / shortened-maximum-age alternative instead of the default treatment */
  alternatives?: Partial<Record<'onsite' | 'vpnCertificate' | 'hybrid', 'passwordPolicyExpiry'>> | undefined;
}

/** Shaped like the config's `protected:` section. */
export interface ProtectedSettings {
  identities: string[];
  groups: string[];
}

export const defaultSegmentSettings: SegmentSettings = {
  breakGlass: [],
  serviceAccountOus: [],
  serviceAccountNamePatterns: ['^svc[-_]'],
  inactiveDays: 90,
};

/**
 * SAFETY: the directory-synchronisation accounts (Entra Connect's MSOL_ account in AD, its Sync_
 * account in Entra, the older AAD_ account) keep hybrid identity working during the campaign. A
 * reset would break password-hash sync and writeback in the middle of it, so they are protected
 * even when the config forgets them.
 */
export const syncAccountPattern =
  /^(MSOL_[0-9a-f]+|AAD_[0-9a-f]+|Sync_[^@]+_[0-9a-f]+|ADToAADSyncServiceAccount)(@.*)?$/i;

export interface CompiledCustomRule {
  id: string;
  description: string;
  segment: CustomSegmentRule['segment'];
  memberOf: string | null;
  ouSuffix: string | null;
  namePattern: RegExp | null;
  directory: string | null;
  attribute: { name: string; equals: string | null; pattern: RegExp | null } | null;
}

export interface CompiledSegmentRules {
  breakGlass: ReadonlySet<string>;
  protectedNames: ReadonlySet<string>;
  protectedGroups: ReadonlySet<string>;
  vpnCertificateGroup: string | null;
  vpnPasswordGroup: string | null;
  serviceAccountOus: readonly string[];
  serviceAccountNamePatterns: readonly RegExp[];
  serviceAccountOwners: ReadonlyMap<string, string | null>;
  inactiveDays: number;
  custom: readonly CompiledCustomRule[];
  alternatives: NonNullable<SegmentSettings['alternatives']>;
}

function regex(pattern: string, where: string): RegExp {
  try {
    return new RegExp(pattern, 'i');
  } catch (error) {
    throw new ReclaimError('CONFIG_INVALID', `${where}: not a valid regular expression: ${pattern}`, { cause: error });
  }
}

const lower = (values: readonly string[]): Set<string> => new Set(values.map((v) => v.trim().toLowerCase()));

/**
 * SAFETY: a protected name given as a UPN (`svc-reclaim@corp.example`, as a bind account often is)
 * also protects the bare account name (`svc-reclaim`), which is all an AD identity may carry.
 * Protecting one account too many is recoverable; resetting Reclaim's own account is not.
 */
const withLocalParts = (values: readonly string[]): Set<string> => {
  const names = lower(values);
  for (const name of [...names]) {
    const at = name.indexOf('@');
    if (at > 0 && !name.includes(':')) names.add(name.slice(0, at));
  }
  return names;
};

export function compileSegmentRules(
  segments: SegmentSettings,
  protectedSettings: ProtectedSettings,
  ownAccounts: readonly string[] = [],
): CompiledSegmentRules {
  const ids = new Set<string>();
  const custom = (segments.rules ?? []).map((rule, i): CompiledCustomRule => {
    const where = `segments.rules.${i}`;
    if (ids.has(rule.id)) throw new ReclaimError('CONFIG_INVALID', `${where}.id: the rule id ${rule.id} is used twice`);
    ids.add(rule.id);
    const w = rule.when;
    if (!w.memberOf && !w.ouSuffix && !w.namePattern && !w.directory && !w.attribute) {
      throw new ReclaimError('CONFIG_INVALID', `${where}.when: a rule needs at least one condition`);
    }
    return {
      id: rule.id,
      description: rule.description,
      segment: rule.segment,
      memberOf: w.memberOf ? w.memberOf.toLowerCase() : null,
      ouSuffix: w.ouSuffix ? `,${w.ouSuffix.toLowerCase().replace(/^,/, '')}` : null,
      namePattern: w.namePattern ? regex(w.namePattern, `${where}.when.namePattern`) : null,
      directory: w.directory ?? null,
      attribute: w.attribute
        ? {
            name: w.attribute.name,
            equals: w.attribute.equals ?? null,
            pattern: w.attribute.pattern ? regex(w.attribute.pattern, `${where}.when.attribute.pattern`) : null,
          }
        : null,
    };
  });
  const owners = new Map<string, string | null>();
  for (const item of segments.serviceAccountInventory ?? []) owners.set(item.name.toLowerCase(), item.owner ?? null);
  return {
    breakGlass: withLocalParts(segments.breakGlass),
    protectedNames: withLocalParts([...protectedSettings.identities, ...ownAccounts]),
    protectedGroups: lower(protectedSettings.groups),
    vpnCertificateGroup: segments.vpnCertificateGroup ? segments.vpnCertificateGroup.toLowerCase() : null,
    vpnPasswordGroup: segments.vpnPasswordGroup ? segments.vpnPasswordGroup.toLowerCase() : null,
    serviceAccountOus: segments.serviceAccountOus.map((ou) => `,${ou.toLowerCase().replace(/^,/, '')}`),
    serviceAccountNamePatterns: segments.serviceAccountNamePatterns.map((p, i) =>
      regex(p, `segments.serviceAccountNamePatterns.${i}`),
    ),
    serviceAccountOwners: owners,
    inactiveDays: segments.inactiveDays,
    custom,
    alternatives: segments.alternatives ?? {},
  };
}
