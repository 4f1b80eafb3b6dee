// Builders for core tests: a plain enabled AD user unless told otherwise.
import { createHash } from 'node:crypto';
import type { Identity } from '../../../src/core/identity.ts';
import type { HashPort, HashStreamPort } from '../../../src/core/planning/plan-hash.ts';
import type { CampaignSettings } from '../../../src/core/planning/plan-campaign.ts';

export const now = '2026-11-26T09:00:00.000Z';

export function anIdentity(overrides: Partial<Identity> & { name: string }): Identity {
  const kind = overrides.kind ?? 'ad';
  return {
    directory: kind === 'ad' ? 'corp' : 'cloud',
    kind,
    key: `key-${overrides.name}`,
    dn: kind === 'ad' ? `CN=${overrides.name},OU=Staff,DC=corp,DC=example` : undefined,
    accountType: 'user',
    enabled: true,
    passwordNeverExpires: false,
    smartcardRequired: false,
    cannotChangePassword: false,
    passwordLastSetAt: '2026-10-01T00:00:00.000Z',
    mustChangePassword: false,
    lastLogonAt: '2026-11-25T08:00:00.000Z',
    memberOf: [],
    servicePrincipalNames: [],
    privileged: [],
    attributes: {},
    department: 'Sales',
    ...overrides,
  } as Identity;
}

/** An AD user and its synced Entra side, linked both ways. */
export function aHybridPerson(
  name: string,
  cloud: Partial<Identity> = {},
  ad: Partial<Identity> = {},
): [Identity, Identity] {
  const onPrem = anIdentity({ name, ...ad, linkedTo: { directory: 'cloud', key: `cloud-${name}` } });
  const entra = anIdentity({
    name: `${name}@corp.example`,
    kind: 'entra',
    directory: 'cloud',
    key: `cloud-${name}`,
    onPremisesSyncEnabled: true,
    linkedTo: { directory: onPrem.directory, key: onPrem.key },
    ...cloud,
  });
  return [onPrem, entra];
}

export const sha256: HashPort = (chunks) => {
  const h = createHash('sha256');
  for (const c of chunks) h.update(c);
  return h.digest('hex');
};

/** The same hash, fed chunk by chunk (a plan planned from a spill). */
export const sha256Stream: HashStreamPort = () => {
  const h = createHash('sha256');
  return { update: (chunk) => void h.update(chunk), digest: () => h.digest('hex') };
};

export function settings(overrides: Partial<CampaignSettings> = {}): CampaignSettings {
  return {
    segments: {
      vpnCertificateGroup: 'CN=VPN-Cert,OU=Groups,DC=corp,DC=example',
      vpnPasswordGroup: 'CN=VPN-Password,OU=Groups,DC=corp,DC=example',
      breakGlass: ['bg-admin'],
      serviceAccountOus: ['OU=Service Accounts,DC=corp,DC=example'],
      serviceAccountNamePatterns: ['^svc[-_]'],
      inactiveDays: 90,
    },
    protected: { identities: ['svc-reclaim'], groups: ['CN=Do-Not-Touch,OU=Groups,DC=corp,DC=example'] },
    helpdesk: { agents: 5, callsPerAgentHour: 6, hoursPerDay: 8 },
    waves: { groupBy: 'department', deadlineHours: 72, reminderHours: [24, 4], graceHours: 4 },
    guardrails: { blastRadius: 500 },
    readiness: { passwordWritebackEnabled: true, forceChangeSyncEnabled: true },
    ...overrides,
  };
}

export const directories = [
  { id: 'corp', kind: 'ad' as const, writesPerSecond: 20 },
  { id: 'cloud', kind: 'entra' as const, writesPerSecond: 10 },
];
