// What the notice sender needs, resolved from the configuration by the app
// (src/app/notices/notice-settings-from-config.ts).
import type { NoticeSchedule } from './due-notices.ts';
import type { NoticeTemplates } from './load-notice-templates.ts';
import type { NoticeSenderSettings } from './send-notices.ts';
import type { SmtpSettings } from './smtp-transport.ts';

export interface NoticeSetup {
  smtp: SmtpSettings;
  sender: NoticeSenderSettings;
  templates: NoticeTemplates;
  templatesDir: string;
  ratePerMinute: number;
  schedule: NoticeSchedule;
}
