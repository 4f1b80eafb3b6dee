// Turns the validated `notify:` config section into what the sender needs: SMTP settings with the
// password resolved from its reference, the CA read from its file, the templates loaded and
// checked, and the rate limit. Every problem names the config field it comes from.
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { NotifyConfig, ReclaimConfig } from '../config/config-schema.ts';
import { resolveSecret } from '../config/secret-ref.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { defaultTemplatesDir, loadNoticeTemplates } from '../../notify/load-notice-templates.ts';
import type { NoticeSetup } from '../../notify/notice-setup.ts';

/** `baseDir` is the folder of the config file: relative paths in it are read from there. */
export function noticeSettingsFromConfig(
  config: ReclaimConfig,
  baseDir: string,
  env: NodeJS.ProcessEnv = process.env,
): NoticeSetup {
  const notify: NotifyConfig | undefined = config.notify;
  if (!notify)
    throw new ReclaimError('CONFIG_INVALID', 'notices are not configured: add a notify: section to the configuration');
  const path = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  let ca: string | undefined;
  if (notify.caFile) {
    try {
      ca = readFileSync(path(notify.caFile), 'utf8');
    } catch (error) {
      throw new ReclaimError('CONFIG_INVALID', `notify.caFile: cannot read ${notify.caFile}`, { cause: error });
    }
  }
  const templatesDir = notify.templatesDir ? path(notify.templatesDir) : defaultTemplatesDir;
  return {
    smtp: {
      host: notify.host,
      port: notify.port,
      security: notify.security,
      ...(notify.user ? { user: notify.user } : {}),
      ...(notify.password ? { password: resolveSecret(notify.password, 'notify.password', env) } : {}),
      ...(ca ? { ca } : {}),
      ...(notify.tlsServerName ? { tlsServerName: notify.tlsServerName } : {}),
    },
    sender: {
      from: notify.from,
      ...(notify.replyTo ? { replyTo: notify.replyTo } : {}),
      campaignName: config.campaign.name,
      timezone: config.campaign.timezone,
      locale: notify.locale,
      helpdeskContact: config.helpdesk.contact,
      ...(notify.ssprUrl ? { ssprUrl: notify.ssprUrl } : {}),
      portalUrl: notify.portalUrl,
      ...(notify.vpnSteps ? { vpnSteps: notify.vpnSteps } : {}),
      outOfBand: notify.outOfBand,
      ...(notify.alternateAddressAttribute ? { alternateAddressAttribute: notify.alternateAddressAttribute } : {}),
      managerFallback: notify.managerFallback,
    },
    templates: loadNoticeTemplates(templatesDir),
    templatesDir,
    ratePerMinute: notify.ratePerMinute,
    schedule: { reminderHours: config.waves.reminderHours, finalWarningHours: notify.finalWarningHours },
  };
}
