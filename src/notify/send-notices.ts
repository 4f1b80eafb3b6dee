// Sends a batch of notices: for each, choose the recipient, journal the intent, render, wait for
// the rate limiter, hand it to SMTP, journal the result. One notice failing is an outcome, not an
// exception; a failure that will hit every notice (server down, bad credentials) stops the batch
// and leaves the rest for the resume.
//
// Delivery guarantee: at-least-once, with the duplicate window made as small as SMTP allows.
// - Each notice is reserved in the journal (unique idempotency key) BEFORE it reaches SMTP, and
//   marked sent only AFTER the server answered 250 to the message's final dot.
// - A resume sends again every notice reserved but not marked sent. If the sender died before the
//   server accepted the message (before or during DATA), the server discarded it: the resend is
//   the first delivery, and each user gets exactly one message.
// - A duplicate is possible in one case only: the server accepted the message (queued it after the
//   final dot) and the sender died, lost the connection or could not write to the store before
//   journaling markSent: in the round trip of the 250 reply plus one store write. SMTP offers no
//   way to ask a server whether it took a message, so we cannot tell this case from the previous
//   one (the problem RFC 1047, "Duplicate messages and SMTP", describes).
//   The duplicate carries the same Message-ID (notice-message-id.ts), so clients that deduplicate
//   show it once, and its content is identical and carries no secret.
// - One sender per campaign at a time: a reservation carries no lease (the notices table has no
//   owner or expiry column), so two senders running the same batch at once could both take over
//   one unfinished notice. The engine runs notices from the worker that holds the campaign.
// We chose this over at-most-once because a lost notice is worse: a user who never hears of the
// deadline is disabled without warning, and calls the helpdesk on the worst day of the incident.
import type { ErrorCode } from '../core/errors/error-catalog.ts';
import { ReclaimError, isReclaimError } from '../core/errors/reclaim-error.ts';
import type { Identity } from '../core/identity.ts';
import { chooseRecipient, type RecipientSettings } from './choose-recipient.ts';
import type { NoticeTemplates } from './load-notice-templates.ts';
import type { NoticeJournal, RecipientChannel } from './notice-journal.ts';
import { noticeMessageId, noticeReference } from './notice-message-id.ts';
import { noticeIdempotencyKey, type NoticeKind, type NoticeRequest } from './notice-request.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { renderNotice, type RenderSettings } from './render-notice.ts';
import type { NoticeTransport } from './smtp-transport.ts';

export interface NoticeSenderSettings extends RenderSettings, RecipientSettings {
  from: string;
  replyTo?: string;
}

export interface SendNoticesDeps {
  transport: NoticeTransport;
  journal: NoticeJournal;
  templates: NoticeTemplates;
  limiter: RateLimiter;
  settings: NoticeSenderSettings;
  now: () => Date;
  /** the mail address of an identity's manager, for the out-of-band fallback */
  managerMail?: (identity: Identity) => Promise<string | undefined>;
  /** further attempts after a transient SMTP failure before the batch stops (default 2) */
  retries?: number;
  sleep?: (ms: number) => Promise<void>;
  backoffMs?: (attempt: number) => number;
  /** stops the batch between two notices (kill switch, Ctrl+C); the rest is left for the resume */
  signal?: AbortSignal;
  onOutcome?: (outcome: NoticeOutcome) => void;
}

export type NoticeStatus = 'sent' | 'already-sent' | 'failed' | 'not-attempted';

export interface NoticeOutcome {
  idempotencyKey: string;
  directory: string;
  identityKey: string;
  kind: NoticeKind;
  status: NoticeStatus;
  channel?: RecipientChannel;
  recipient?: string;
  code?: ErrorCode;
  message?: string;
}

export interface SendNoticesResult {
  outcomes: NoticeOutcome[];
  counts: Record<NoticeStatus, number>;
  /** set when the batch stopped early, with the reason */
  stopped?: { code: ErrorCode; message: string };
}

/** Codes that will fail every following notice too: stop instead of burning through the batch. */
const stopsBatch = new Set<ErrorCode>([
  'SMTP_UNAVAILABLE',
  'SERVICE_ACCOUNT_LOGON_FAILED',
  'TLS_CERTIFICATE_INVALID',
  'CONFIG_INVALID',
  'INSECURE_TRANSPORT',
  'UNEXPECTED',
]);

export async function sendNotices(
  requests: Iterable<NoticeRequest> | AsyncIterable<NoticeRequest>,
  deps: SendNoticesDeps,
): Promise<SendNoticesResult> {
  const outcomes: NoticeOutcome[] = [];
  let stopped: SendNoticesResult['stopped'];
  const record = (outcome: NoticeOutcome) => {
    outcomes.push(outcome);
    deps.onOutcome?.(outcome);
  };
  for await (const request of requests) {
    const base = {
      idempotencyKey: noticeIdempotencyKey(request),
      directory: request.identity.directory,
      identityKey: request.identity.key,
      kind: request.kind,
    };
    if (stopped || deps.signal?.aborted) {
      stopped ??= { code: 'KILL_SWITCH_ENGAGED', message: 'the batch was stopped before this notice' };
      record({ ...base, status: 'not-attempted' });
      continue;
    }
    const outcome = await sendOne(request, base, deps);
    record(outcome);
    if (outcome.status === 'failed' && outcome.code && stopsBatch.has(outcome.code)) {
      stopped = { code: outcome.code, message: outcome.message ?? outcome.code };
    }
  }
  const counts: Record<NoticeStatus, number> = { sent: 0, 'already-sent': 0, failed: 0, 'not-attempted': 0 };
  for (const o of outcomes) counts[o.status] += 1;
  return { outcomes, counts, ...(stopped ? { stopped } : {}) };
}

type OutcomeBase = Pick<NoticeOutcome, 'idempotencyKey' | 'directory' | 'identityKey' | 'kind'>;

async function sendOne(request: NoticeRequest, base: OutcomeBase, deps: SendNoticesDeps): Promise<NoticeOutcome> {
  const { settings, journal } = deps;
  const managerMail =
    request.identity.manager && deps.managerMail ? await deps.managerMail(request.identity) : undefined;
  const choice = chooseRecipient(request.identity, request.kind, request.assurance, settings, managerMail);
  const channel: RecipientChannel = choice.ok ? choice.channel : 'none';
  const recipient = choice.ok ? choice.address : '';
  // Journal before anything reaches SMTP (and before rendering, so a refused render is recorded).
  const reservation = await journal.reserve({
    campaignId: request.campaignId,
    waveId: request.wave.id,
    directory: request.identity.directory,
    identityKey: request.identity.key,
    kind: request.kind,
    channel,
    recipient,
    idempotencyKey: base.idempotencyKey,
    at: deps.now().toISOString(),
  });
  if (reservation.status === 'already-sent') return { ...base, status: 'already-sent' };
  const fail = async (code: ErrorCode, message: string): Promise<NoticeOutcome> => {
    await journal.markFailed(reservation.id, code);
    return { ...base, status: 'failed', channel, recipient, code, message };
  };
  if (!choice.ok) return fail(choice.code, choice.reason);

  let message;
  try {
    const reference = noticeReference(base.idempotencyKey);
    const rendered = renderNotice(deps.templates, request, settings, reference);
    message = {
      from: settings.from,
      ...(settings.replyTo ? { replyTo: settings.replyTo } : {}),
      to: recipient,
      ...rendered,
      messageId: noticeMessageId(base.idempotencyKey, settings.from),
      headers: {
        // RFC 3834: an automatic message; out-of-office replies are not sent back to it.
        'Auto-Submitted': 'auto-generated',
        'X-Reclaim-Notice': `${request.kind}; ref=${reference}`,
      },
    };
  } catch (error) {
    const e = isReclaimError(error)
      ? error
      : new ReclaimError('UNEXPECTED', `rendering a notice failed: ${String(error)}`, { cause: error });
    return fail(e.code, e.message);
  }

  const retries = deps.retries ?? 2;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 0; ; attempt += 1) {
    const release = await deps.limiter.acquire();
    try {
      await deps.transport.send(message);
      release();
    } catch (error) {
      release();
      const e = isReclaimError(error) ? error : new ReclaimError('UNEXPECTED', String(error), { cause: error });
      if (e.retryable && attempt < retries) {
        await sleep(deps.backoffMs?.(attempt) ?? 1000 * 2 ** attempt);
        continue;
      }
      return fail(e.code, e.message);
    }
    await journal.markSent(reservation.id, deps.now().toISOString(), message.messageId);
    return { ...base, status: 'sent', channel, recipient };
  }
}
