// One lab SMTP setup per test file: a CA and a server certificate for 127.0.0.1 (in a temporary
// folder), a sink speaking STARTTLS with AUTH, and the matching transport settings.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret } from '../../../src/core/secret.ts';
import { ensureLabCa, issueServerCert, type ServerCert } from '../../../src/lab/tls/lab-ca.ts';
import type { SmtpSettings } from '../../../src/notify/smtp-transport.ts';

export interface SmtpLab {
  dir: string;
  caPem: string;
  cert: ServerCert;
  user: string;
  password: Secret;
  settings(port: number, overrides?: Partial<SmtpSettings>): SmtpSettings;
  remove(): void;
}

export function createSmtpLab(): SmtpLab {
  const dir = mkdtempSync(join(tmpdir(), 'reclaim-notify-'));
  const ca = ensureLabCa(join(dir, 'ca'));
  const cert = issueServerCert(ca, 'smtp', { dnsNames: ['localhost'], ips: ['127.0.0.1'] });
  const user = 'reclaim-mailer';
  const password = new Secret('smtp-Pa55-canary-7f3a');
  return {
    dir,
    caPem: ca.caPem,
    cert,
    user,
    password,
    settings: (port, overrides = {}) => ({
      host: '127.0.0.1',
      port,
      security: 'starttls',
      user,
      password,
      ca: ca.caPem,
      timeoutMs: 5000,
      ...overrides,
    }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
