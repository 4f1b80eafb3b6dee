// A dry run of one notice: who would receive it and what it would say, without SMTP or journal,
// so an operator reviewing a plan reads the exact message before approving the wave.
import type { ErrorCode } from '../core/errors/error-catalog.ts';
import { isReclaimError } from '../core/errors/reclaim-error.ts';
import { chooseRecipient } from './choose-recipient.ts';
import type { NoticeTemplates } from './load-notice-templates.ts';
import type { RecipientChannel } from './notice-journal.ts';
import { noticeReference } from './notice-message-id.ts';
import { noticeIdempotencyKey, type NoticeRequest } from './notice-request.ts';
import { renderNotice, type RenderedNotice } from './render-notice.ts';
import type { NoticeSenderSettings } from './send-notices.ts';

export type NoticePreview =
  | ({ ok: true; to: string; channel: RecipientChannel } & RenderedNotice)
  | { ok: false; code: ErrorCode; reason: string };

export function previewNotice(
  templates: NoticeTemplates,
  request: NoticeRequest,
  settings: NoticeSenderSettings,
  managerMail: string | undefined,
): NoticePreview {
  const choice = chooseRecipient(request.identity, request.kind, request.assurance, settings, managerMail);
  if (!choice.ok) return { ok: false, code: choice.code, reason: choice.reason };
  try {
    const rendered = renderNotice(templates, request, settings, noticeReference(noticeIdempotencyKey(request)));
    return { ok: true, to: choice.address, channel: choice.channel, ...rendered };
  } catch (error) {
    if (isReclaimError(error)) return { ok: false, code: error.code, reason: error.message };
    throw error;
  }
}
