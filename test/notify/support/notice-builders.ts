// Builders for notice tests: identities, requests and settings with readable defaults.
import type { Identity } from '../../../src/core/identity.ts';
import type { NoticeRequest } from '../../../src/notify/notice-request.ts';
import type { NoticeSenderSettings } from '../../../src/notify/send-notices.ts';

export function anIdentity(overrides: Partial<Identity> = {}): Identity {
  const name = overrides.name ?? 'jdoe';
  return {
    directory: 'corp',
    kind: 'ad',
    key: `guid-${name}`,
    name,
    displayName: `User ${name}`,
    mail: `${name}@corp.example`,
    upn: `${name}@corp.example`,
    accountType: 'user',
    enabled: true,
    passwordNeverExpires: false,
    smartcardRequired: false,
    cannotChangePassword: false,
    passwordLastSetAt: '2026-01-01T00:00:00.000Z',
    mustChangePassword: false,
    memberOf: [],
    servicePrincipalNames: [],
    privileged: [],
    attributes: {},
    ...overrides,
  };
}

export function aRequest(overrides: Partial<NoticeRequest> = {}): NoticeRequest {
  return {
    campaignId: 'camp-1',
    wave: { id: 1, name: 'Finance', startsAt: '2026-11-26T08:00:00.000Z', deadlineAt: '2026-11-29T16:00:00.000Z' },
    identity: anIdentity(),
    kind: 'announcement',
    method: 'change-at-logon',
    assurance: 'standard',
    ...overrides,
  };
}

export function someSettings(overrides: Partial<NoticeSenderSettings> = {}): NoticeSenderSettings {
  return {
    from: 'Reclaim <it-security@corp.example>',
    replyTo: 'helpdesk@corp.example',
    campaignName: 'Incident 42 password reset',
    timezone: 'Europe/Paris',
    locale: 'en-GB',
    helpdeskContact: 'the IT helpdesk, +1 555 0100',
    ssprUrl: 'https://passwordreset.corp.example',
    portalUrl: 'https://myaccount.microsoft.com',
    outOfBand: 'high-assurance',
    alternateAddressAttribute: 'extensionAttribute5',
    managerFallback: true,
    ...overrides,
  };
}
