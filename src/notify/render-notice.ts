// Renders one notice (subject, plain text, HTML) from the templates and the request. Pure apart
// from Intl: the reference and dates come in, nothing is read from the environment.
import type { NoticeRequest } from './notice-request.ts';
import type { NoticeTemplates } from './load-notice-templates.ts';
import { assertNoSecret } from './assert-no-secret.ts';
import { formatNoticeDate } from './format-notice-date.ts';
import { methodText, type MethodSettings } from './method-text.ts';
import { fillTemplate, type PlaceholderValues } from './notice-template.ts';

export interface RenderSettings extends MethodSettings {
  campaignName: string;
  /** the campaign timezone (IANA name) dates are shown in */
  timezone: string;
  locale?: string;
}

export interface RenderedNotice {
  subject: string;
  text: string;
  html: string;
}

export function renderNotice(
  templates: NoticeTemplates,
  request: NoticeRequest,
  settings: RenderSettings,
  reference: string,
): RenderedNotice {
  assertNoSecret(request, 'request');
  assertNoSecret(settings, 'settings');
  const values = placeholderValues(request, settings, reference);
  const kind = templates[request.kind];
  return {
    subject: fillTemplate(kind.subject, values, oneLine),
    text: fillTemplate(kind.text, values, (v) => v),
    html: fillTemplate(kind.html, values, (v) => escapeHtml(v).replace(/\r?\n/g, '<br>\n')),
  };
}

function placeholderValues(request: NoticeRequest, settings: RenderSettings, reference: string): PlaceholderValues {
  const date = (iso: string) => formatNoticeDate(iso, settings.timezone, settings.locale);
  const method = methodText(request.method, request.assurance, settings);
  const identity = request.identity;
  return {
    'user.displayName': identity.displayName ?? identity.name,
    'user.name': identity.name,
    'campaign.name': settings.campaignName,
    'wave.name': request.wave.name,
    'wave.starts': date(request.wave.startsAt),
    'wave.deadline': date(request.wave.deadlineAt),
    'wave.grace': request.wave.graceUntil ? date(request.wave.graceUntil) : date(request.wave.deadlineAt),
    'method.title': method.title,
    'method.steps': method.steps,
    'helpdesk.contact': settings.helpdeskContact,
    'notice.reference': reference,
  };
}

/** A header value on one line: no CR/LF or other control characters can start a new header. */
function oneLine(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}
