// The segments an in-scope identity can fall into (design.md, "Segments and treatments"). Break-glass
// accounts are not a segment: they are protected, listed with their reason, and never in a wave.

export const segmentIds = [
  'krbtgt',
  'privileged',
  'serviceAccount',
  'inactive',
  'smartcard',
  'vpnPassword',
  'vpnCertificate',
  'hybrid',
  'cloudOnly',
  'onsite',
] as const;

export type SegmentId = (typeof segmentIds)[number];

export const segmentDescriptions: Record<SegmentId, string> = {
  krbtgt: "the domain's krbtgt account",
  privileged:
    'privileged: transitive member of a privileged AD group (primary group included), or an active or eligible Entra admin role',
  serviceAccount: 'service account: SPN, managed service account, configured OU or name pattern, or inventory',
  inactive: 'inactive: disabled, or no logon for the configured number of days',
  smartcard: 'smart card required: the password hash must be rolled',
  vpnPassword: 'remote, VPN that authenticates with the domain password',
  vpnCertificate: 'remote, VPN with certificate authentication',
  hybrid: 'hybrid: AD identity synchronised to Entra ID',
  cloudOnly: 'cloud-only Entra ID identity',
  onsite: 'onsite: not matched by any remote rule',
};

/**
 * Tiers decide the order of waves: privileged first, then the accounts triage named as known
 * compromised, then service accounts, then everyone else.
 */
export type Tier = 0 | 1 | 2 | 3;

export const tierNames: Record<Tier, string> = {
  0: 'privileged',
  1: 'known compromised',
  2: 'service accounts',
  3: 'users',
};

export function tierOf(segment: SegmentId, compromised = false): Tier {
  if (segment === 'privileged' || segment === 'krbtgt') return 0;
  if (compromised) return 1;
  if (segment === 'serviceAccount') return 2;
  return 3;
}
