// Wires one sender from the settings the config produced: the pooled SMTP transport, the rate
// limiter at notify.ratePerMinute, the checked templates; the journal and the clock come from the
// caller (the store's journal in a campaign, the in-memory one in a dry run).
import type { Identity } from '../core/identity.ts';
import type { NoticeJournal } from './notice-journal.ts';
import type { NoticeRequest } from './notice-request.ts';
import type { NoticeSetup } from './notice-setup.ts';
import { createRateLimiter } from './rate-limiter.ts';
import { sendNotices, type NoticeOutcome, type SendNoticesResult } from './send-notices.ts';
import { createSmtpTransport } from './smtp-transport.ts';

export interface NoticeSender {
  send(
    requests: Iterable<NoticeRequest> | AsyncIterable<NoticeRequest>,
    options?: { signal?: AbortSignal; onOutcome?: (o: NoticeOutcome) => void },
  ): Promise<SendNoticesResult>;
  close(): void;
}

export function createNoticeSender(
  setup: NoticeSetup,
  ports: { journal: NoticeJournal; now: () => Date; managerMail?: (identity: Identity) => Promise<string | undefined> },
): NoticeSender {
  const transport = createSmtpTransport(setup.smtp);
  const limiter = createRateLimiter({ limit: setup.ratePerMinute, windowMs: 60_000 });
  return {
    send: (requests, options = {}) =>
      sendNotices(requests, {
        transport,
        limiter,
        journal: ports.journal,
        templates: setup.templates,
        settings: setup.sender,
        now: ports.now,
        ...(ports.managerMail ? { managerMail: ports.managerMail } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onOutcome ? { onOutcome: options.onOutcome } : {}),
      }),
    close: () => transport.close(),
  };
}
