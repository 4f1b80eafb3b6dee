// Classifies one identity (with its linked Entra side, for a hybrid person) into exactly one
// segment, naming the rule that decided it. Rules are tried in a fixed order; the first match wins.
// Built-in rule results are shared constants so a million identities allocate nothing here.
import type { Identity } from '../identity.ts';
import type { CompiledSegmentRules } from './segment-rules.ts';
import type { SegmentId } from './segments.ts';

export interface RuleMatch {
  segment: SegmentId;
  ruleId: string;
  rule: string;
}

function rule(segment: SegmentId, ruleId: string, text: string): RuleMatch {
  return { segment, ruleId, rule: text };
}

export const builtInRules = {
  krbtgt: rule('krbtgt', 'krbtgt', "the domain's krbtgt account"),
  privilegedAd: rule(
    'privileged',
    'privileged-ad-group',
    'transitive member of a privileged AD group (nested groups and the primary group included)',
  ),
  privilegedEntra: rule('privileged', 'privileged-entra-role', 'holds an active or eligible Entra admin role'),
  serviceManaged: rule('serviceAccount', 'service-managed', 'a managed or group-managed service account'),
  serviceInventory: rule('serviceAccount', 'service-inventory', 'listed in the service-account inventory'),
  serviceOu: rule('serviceAccount', 'service-ou', 'in a configured service-account OU'),
  serviceName: rule('serviceAccount', 'service-name-pattern', 'name matches a configured service-account pattern'),
  serviceSpn: rule('serviceAccount', 'service-spn', 'has a service principal name'),
  inactiveDisabled: rule('inactive', 'inactive-disabled', 'the account is disabled'),
  inactiveStale: rule('inactive', 'inactive-no-logon', 'no logon for the configured number of days'),
  smartcard: rule('smartcard', 'smartcard-required', 'smart card required (userAccountControl)'),
  vpnPassword: rule('vpnPassword', 'vpn-password-group', 'member of the configured VPN-password group'),
  vpnCertificate: rule('vpnCertificate', 'vpn-certificate-group', 'member of the configured VPN-certificate group'),
  hybrid: rule('hybrid', 'hybrid-linked', 'AD identity linked to an Entra identity'),
  cloudOnly: rule('cloudOnly', 'cloud-only', 'Entra identity with no on-premises source'),
  onsite: rule('onsite', 'onsite-default', 'not matched by any remote rule'),
} as const;

export function isKrbtgt(identity: Identity): boolean {
  return identity.accountType === 'krbtgt' || (identity.kind === 'ad' && /^krbtgt(_\d+)?$/i.test(identity.name));
}

export function memberOfLower(identity: Identity, groupLower: string): boolean {
  const groups = identity.memberOf;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i] as string;
    if (g.length === groupLower.length && equalsLower(g, groupLower)) return true;
  }
  return false;
}

/** Case-insensitive equality with an already lower-cased string, allocating nothing for ASCII. */
function equalsLower(text: string, lower: string): boolean {
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lower.charCodeAt(i)) return c >= 128 ? text.toLowerCase() === lower : false;
  }
  return true;
}

function dnUnder(identity: Identity, suffixes: readonly string[]): boolean {
  if (!identity.dn || suffixes.length === 0) return false;
  const dn = identity.dn.toLowerCase();
  for (const suffix of suffixes) if (dn.endsWith(suffix)) return true;
  return false;
}

/** Privileged by membership (discovery's reasons), never by adminCount alone (an orphan: readiness). */
export function isPrivilegedOnPremises(identity: Identity): boolean {
  // 'adminCount' reasons come from snapshots discovered before adminCount stopped being one
  for (const p of identity.privileged) if (p.source !== 'entra-role' && p.source !== 'adminCount') return true;
  return false;
}

export function isPrivilegedInCloud(identity: Identity | null): boolean {
  if (!identity) return false;
  for (const p of identity.privileged) if (p.source === 'entra-role') return true;
  return false;
}

/**
 * The service-account rules alone, shared with readiness (owners, gMSA candidates) and `assess`.
 * SAFETY: "password never expires" is NOT one of them: people have it too (a helpdesk shortcut, an
 * old policy), and a person planned as a service account is never reset. On a person it is a blocker
 * that the reset clears (require-change.ts, reset-password.ts); readiness lists it.
 */
export function serviceAccountRule(identity: Identity, rules: CompiledSegmentRules): RuleMatch | null {
  if (identity.accountType === 'managedServiceAccount' || identity.accountType === 'groupManagedServiceAccount')
    return builtInRules.serviceManaged;
  if (rules.serviceAccountOwners.size > 0 && rules.serviceAccountOwners.has(identity.name.toLowerCase()))
    return builtInRules.serviceInventory;
  if (dnUnder(identity, rules.serviceAccountOus)) return builtInRules.serviceOu;
  for (const pattern of rules.serviceAccountNamePatterns)
    if (pattern.test(identity.name)) return builtInRules.serviceName;
  if (identity.kind === 'ad' && identity.servicePrincipalNames.length > 0) return builtInRules.serviceSpn;
  return null;
}

function customMatches(identity: Identity, rules: CompiledSegmentRules): RuleMatch | null {
  for (const c of rules.custom) {
    if (c.directory !== null && identity.directory !== c.directory) continue;
    if (c.memberOf !== null && !memberOfLower(identity, c.memberOf)) continue;
    if (c.ouSuffix !== null && !dnUnder(identity, [c.ouSuffix])) continue;
    if (c.namePattern !== null && !c.namePattern.test(identity.name)) continue;
    if (c.attribute !== null) {
      const raw =
        c.attribute.name in identity.attributes
          ? identity.attributes[c.attribute.name]
          : (identity as unknown as Record<string, unknown>)[c.attribute.name];
      const values = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [String(raw)];
      const a = c.attribute;
      if (!values.some((v) => (a.equals === null || v === a.equals) && (a.pattern === null || a.pattern.test(v))))
        continue;
    }
    return { segment: c.segment, ruleId: c.id, rule: c.description };
  }
  return null;
}

/**
 * `identity` is the AD side of a hybrid person (or the only side); `linked` is its Entra side.
 * `inactiveBeforeMs`: a last logon before this instant makes the identity inactive.
 */
export function segmentIdentity(
  identity: Identity,
  linked: Identity | null,
  rules: CompiledSegmentRules,
  inactiveBeforeMs: number,
): RuleMatch {
  if (isKrbtgt(identity)) return builtInRules.krbtgt;
  // SAFETY: privileged comes before any custom rule, so configuration cannot quietly move an admin
  // into an automated user wave.
  if (isPrivilegedOnPremises(identity)) return builtInRules.privilegedAd;
  if (isPrivilegedInCloud(identity) || isPrivilegedInCloud(linked)) return builtInRules.privilegedEntra;
  if (rules.custom.length > 0) {
    const custom = customMatches(identity, rules);
    if (custom) return custom;
  }
  const service = serviceAccountRule(identity, rules);
  if (service) return service;
  if (!identity.enabled) return builtInRules.inactiveDisabled;
  if (isStale(identity, inactiveBeforeMs)) return builtInRules.inactiveStale;
  if (identity.smartcardRequired) return builtInRules.smartcard;
  if (rules.vpnPasswordGroup !== null && memberOfLower(identity, rules.vpnPasswordGroup))
    return builtInRules.vpnPassword;
  if (rules.vpnCertificateGroup !== null && memberOfLower(identity, rules.vpnCertificateGroup))
    return builtInRules.vpnCertificate;
  if (identity.kind === 'ad' && (linked !== null || identity.linkedTo !== undefined)) return builtInRules.hybrid;
  if (identity.kind === 'entra') return builtInRules.cloudOnly;
  return builtInRules.onsite;
}

/** No logon since the cutoff; an account that never logged on counts from its creation. */
export function isStale(identity: Identity, inactiveBeforeMs: number): boolean {
  // SAFETY: an Entra user whose last sign-in was not read (signInActivity needs Entra ID P1 and
  // AuditLog.Read.All) is not known to be stale: its creation date says nothing about its use, and
  // a stale verdict means a silent reset. Unknown is treated as active.
  if (identity.kind === 'entra' && identity.lastLogonAt === undefined) return false;
  const seen = identity.lastLogonAt ?? identity.createdAt ?? null;
  if (seen === null) return false;
  // Fast path: two canonical UTC ISO strings (as the store writes them) compare as text.
  if (seen.length === 24 && seen.charCodeAt(23) === 90 && Number.isFinite(inactiveBeforeMs))
    return seen < cutoffText(inactiveBeforeMs);
  const at = Date.parse(seen);
  return Number.isFinite(at) && at < inactiveBeforeMs;
}

let cutoffCache = { ms: Number.NaN, text: '' };
function cutoffText(ms: number): string {
  if (cutoffCache.ms !== ms) cutoffCache = { ms, text: new Date(ms).toISOString() };
  return cutoffCache.text;
}
