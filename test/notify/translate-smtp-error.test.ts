import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { translateSmtpError } from '../../src/notify/translate-smtp-error.ts';

const smtpError = (fields: Record<string, unknown>) =>
  Object.assign(new Error(String(fields.message ?? 'smtp error')), fields);

describe('SMTP errors as catalog codes', () => {
  const cases: Array<[string, Record<string, unknown>, string, boolean]> = [
    [
      'bad credentials',
      { code: 'EAUTH', responseCode: 535, response: '535 5.7.8 Authentication failed' },
      'SERVICE_ACCOUNT_LOGON_FAILED',
      false,
    ],
    [
      'temporary failure',
      { code: 'EMESSAGE', responseCode: 451, response: '451 4.3.0 Try again later' },
      'SMTP_UNAVAILABLE',
      true,
    ],
    [
      'greylisting at RCPT',
      { code: 'EENVELOPE', responseCode: 450, response: '450 4.2.0 Greylisted' },
      'SMTP_UNAVAILABLE',
      true,
    ],
    [
      'unknown mailbox',
      { code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 No such user', command: 'RCPT TO' },
      'NOTICE_REJECTED',
      false,
    ],
    ['connection refused', { code: 'ESOCKET', message: 'connect ECONNREFUSED 127.0.0.1:1' }, 'SMTP_UNAVAILABLE', true],
    ['timeout', { code: 'ETIMEDOUT', message: 'Connection timeout' }, 'SMTP_UNAVAILABLE', true],
    [
      'connection lost mid-message',
      { message: 'Reached maximum number of retries after connection was closed' },
      'SMTP_UNAVAILABLE',
      true,
    ],
    [
      'untrusted certificate',
      { code: 'ESOCKET', message: 'self-signed certificate in certificate chain' },
      'TLS_CERTIFICATE_INVALID',
      false,
    ],
  ];
  for (const [what, fields, code, retryable] of cases) {
    it(`${what} → ${code}`, () => {
      const e = translateSmtpError(smtpError(fields), 'mail.corp.example:587');
      assert.equal(e.code, code);
      assert.equal(e.retryable, retryable);
      assert.match(e.message, /mail\.corp\.example:587/);
    });
  }
});
