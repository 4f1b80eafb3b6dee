// What the campaign engine asks the notices module to send: one notice of one kind to one person,
// for one wave. Data only; the sender turns it into a rendered, journaled, rate-limited email.
import type { Identity } from '../core/identity.ts';

export type NoticeKind = 'announcement' | 'reminder' | 'final-warning' | 'disabled';
export const noticeKinds: readonly NoticeKind[] = ['announcement', 'reminder', 'final-warning', 'disabled'];

/**
 * What the user must do, chosen by the engine from the identity's treatment:
 * - change-at-logon: AD "must change at next logon", on the office network;
 * - change-at-logon-vpn: the same, after connecting the certificate VPN;
 * - self-service: administrative reset, the user recovers through SSPR (standard assurance only);
 * - helpdesk: the user calls the helpdesk and proves who they are;
 * - cloud-sign-in: Entra forceChangePasswordNextSignIn, the user signs in at the portal.
 */
export type NoticeMethod = 'change-at-logon' | 'change-at-logon-vpn' | 'self-service' | 'helpdesk' | 'cloud-sign-in';
export const noticeMethods: readonly NoticeMethod[] = [
  'change-at-logon',
  'change-at-logon-vpn',
  'self-service',
  'helpdesk',
  'cloud-sign-in',
];

export type Assurance = 'standard' | 'high';

export interface NoticeWave {
  /** the store's wave id, or null for a notice outside any wave */
  id: number | null;
  name: string;
  /** ISO-8601 instants */
  startsAt: string;
  deadlineAt: string;
  graceUntil?: string | null;
}

export interface NoticeRequest {
  campaignId: string;
  wave: NoticeWave;
  identity: Identity;
  kind: NoticeKind;
  method: NoticeMethod;
  assurance: Assurance;
  /** tells apart several notices of one kind in one wave (the reminders: e.g. hours before the deadline) */
  sequence?: number;
}

/**
 * One key per notice the user should get once: campaign, wave, identity, kind (and which reminder).
 * The store holds it under a unique constraint, so two senders can never both own one notice.
 */
export function noticeIdempotencyKey(
  request: Pick<NoticeRequest, 'campaignId' | 'wave' | 'identity' | 'kind' | 'sequence'>,
): string {
  const parts = [
    request.campaignId,
    request.wave.id === null ? '-' : String(request.wave.id),
    request.identity.directory,
    request.identity.key,
    request.kind,
  ];
  if (request.sequence !== undefined) parts.push(String(request.sequence));
  return parts.map(encodeURIComponent).join('/');
}
