// The notify: section of reclaim.yaml: every problem with its path and line, and the settings the
// sender gets from a valid one (password resolved from its reference, never written in the file).
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkConfigText } from '../../src/app/config/load-config.ts';
import { ReclaimError } from '../../src/core/errors/reclaim-error.ts';
import { Secret } from '../../src/core/secret.ts';
import { defaultTemplatesDir } from '../../src/notify/load-notice-templates.ts';
import { noticeSettingsFromConfig } from '../../src/app/notices/notice-settings-from-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'reclaim-notify-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const base = [
  'campaign:',
  '  name: Incident 42',
  '  timezone: Europe/Paris',
  'directories:',
  '  - id: corp',
  '    kind: ad',
  '    urls: [ldaps://dc1.corp.example]',
  '    baseDns: ["DC=corp,DC=example"]',
  '    bindDn: svc-reclaim@corp.example',
  '    password: env:AD_PASSWORD',
  'notify:', // line 11
];

function config(lines: string[]) {
  return checkConfigText([...base, ...lines].join('\n'));
}

describe('notify configuration', () => {
  it('reports every problem of the notify section with its path and line', () => {
    const result = config([
      '  host: smtp.corp.example',
      '  security: none', // 13
      '  user: mailer',
      '  password: S3cret!', // 15: inline secret
      '  from: not-an-address', // 16
      '  ratePerMinute: 0', // 17
      '  outOfBand: sometimes', // 18
    ]);
    assert.equal(result.ok, false);
    if (result.ok) return;
    const lines = Object.fromEntries(result.problems.map((p) => [p.path, p.line]));
    assert.deepEqual(lines, {
      'notify.password': 15,
      'notify.from': 16,
      'notify.ratePerMinute': 17,
      'notify.outOfBand': 18,
    });
    const insecure = config([
      '  host: smtp.corp.example',
      '  security: none',
      '  user: mailer',
      '  password: env:SMTP_PASSWORD',
      '  from: it@corp.example',
    ]);
    assert.equal(insecure.ok, false);
    if (!insecure.ok)
      assert.deepEqual(
        insecure.problems.map((p) => [p.path, p.line]),
        [['notify.security', 13]],
      );
    const noChannel = config(['  host: smtp.corp.example', '  from: it@corp.example', '  managerFallback: false']);
    assert.equal(noChannel.ok, false);
    if (!noChannel.ok)
      assert.match(noChannel.problems[0]?.message ?? '', /out-of-band notices need alternateAddressAttribute/);
  });

  it('builds the sender settings: password from the environment, CA and templates read relative to the config', () => {
    cpSync(defaultTemplatesDir, join(dir, 'templates'), { recursive: true });
    writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nlab\n-----END CERTIFICATE-----\n');
    const result = config([
      '  host: smtp.corp.example',
      '  user: mailer',
      '  password: env:SMTP_PASSWORD',
      '  caFile: ca.pem',
      '  from: "IT Security <it-security@corp.example>"',
      '  templatesDir: templates',
      '  ratePerMinute: 120',
      '  alternateAddressAttribute: extensionAttribute5',
    ]);
    assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
    const setup = noticeSettingsFromConfig(result.config, dir, { SMTP_PASSWORD: 'from-the-env' });
    assert.ok(setup.smtp.password instanceof Secret);
    assert.equal(setup.smtp.password?.reveal(), 'from-the-env');
    assert.equal(setup.smtp.security, 'starttls');
    assert.equal(setup.smtp.port, 587);
    assert.match(setup.smtp.ca ?? '', /BEGIN CERTIFICATE/);
    assert.equal(setup.templatesDir, join(dir, 'templates'));
    assert.equal(setup.ratePerMinute, 120);
    assert.deepEqual(setup.schedule, { reminderHours: [24, 4], finalWarningHours: 1 });
    assert.equal(setup.sender.timezone, 'Europe/Paris');
    assert.equal(setup.sender.outOfBand, 'high-assurance');
    assert.equal(setup.sender.helpdeskContact, 'the IT helpdesk');
    assert.ok(!JSON.stringify(setup.smtp).includes('from-the-env'));

    assert.throws(
      () => noticeSettingsFromConfig(result.config, dir, {}),
      (e: unknown) =>
        e instanceof ReclaimError && e.code === 'SECRET_UNAVAILABLE' && /notify\.password/.test(e.message),
    );
    assert.throws(
      () => noticeSettingsFromConfig(result.config, join(dir, 'elsewhere'), { SMTP_PASSWORD: 'x' }),
      (e: unknown) => e instanceof ReclaimError && e.code === 'CONFIG_INVALID' && /notify\.caFile/.test(e.message),
    );
  });
});
