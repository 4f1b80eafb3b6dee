// Who receives a notice. Out-of-band by design: after a compromise the corporate mailbox may be
// read by the attacker, so under high assurance (or when configured) notices go to an address
// outside it: a personal address held in a directory attribute, else the manager's mailbox.
import type { ErrorCode } from '../core/errors/error-catalog.ts';
import type { Identity } from '../core/identity.ts';
import type { RecipientChannel } from './notice-journal.ts';
import type { Assurance, NoticeKind } from './notice-request.ts';

export type OutOfBandPolicy = 'always' | 'high-assurance' | 'never';

export interface RecipientSettings {
  outOfBand: OutOfBandPolicy;
  /** the identity attribute holding a personal address (e.g. an AD extensionAttribute) */
  alternateAddressAttribute?: string;
  /** fall back to the manager's mailbox when no personal address is known */
  managerFallback: boolean;
}

export type RecipientChoice =
  | { ok: true; channel: RecipientChannel; address: string }
  | { ok: false; code: ErrorCode; reason: string };

const addressPattern = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

export function isMailAddress(value: string): boolean {
  return addressPattern.test(value);
}

/** Whether this notice must avoid the corporate mailbox. */
export function needsOutOfBand(policy: OutOfBandPolicy, assurance: Assurance): boolean {
  return policy === 'always' || (policy === 'high-assurance' && assurance === 'high');
}

export function chooseRecipient(
  identity: Identity,
  kind: NoticeKind,
  assurance: Assurance,
  settings: RecipientSettings,
  managerMail: string | undefined,
): RecipientChoice {
  const corporate = [identity.mail, identity.upn].filter((a): a is string => !!a).map((a) => a.toLowerCase());
  const alternate = alternateAddress(identity, settings.alternateAddressAttribute, corporate);
  const manager = settings.managerFallback && managerMail && isMailAddress(managerMail) ? managerMail : undefined;
  const outOfBand = needsOutOfBand(settings.outOfBand, assurance);
  // A disabled account cannot read its own mailbox: prefer an outside address whenever one is known.
  if (outOfBand || kind === 'disabled') {
    if (alternate) return { ok: true, channel: 'alternate', address: alternate };
    if (manager) return { ok: true, channel: 'manager', address: manager };
  }
  if (outOfBand) {
    // SAFETY: never fall back to the corporate mailbox when out-of-band is required: a notice the
    // attacker reads tells them the deadline and the method. The outcome is recorded instead.
    return {
      ok: false,
      code: 'NOTICE_NO_RECIPIENT',
      reason:
        `no out-of-band address: ` +
        (settings.alternateAddressAttribute
          ? `attribute ${settings.alternateAddressAttribute} is empty`
          : 'no alternateAddressAttribute configured') +
        (settings.managerFallback ? ' and no manager mail is known' : ''),
    };
  }
  if (identity.mail && isMailAddress(identity.mail)) return { ok: true, channel: 'corporate', address: identity.mail };
  return { ok: false, code: 'NOTICE_NO_RECIPIENT', reason: 'the identity has no mail address' };
}

function alternateAddress(identity: Identity, attribute: string | undefined, corporate: string[]): string | undefined {
  if (!attribute) return undefined;
  const raw = identity.attributes[attribute];
  const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) => v.trim());
  // SAFETY: an "alternate" address that is the corporate mailbox itself gives no out-of-band channel.
  return values.find((v) => isMailAddress(v) && !corporate.includes(v.toLowerCase()));
}
