// Translates nodemailer / SMTP errors into catalog codes at the boundary, with messages an admin
// understands. SMTP reply classes (RFC 5321 §4.2.1): 4yz is transient, 5yz permanent.
import { ReclaimError, isReclaimError } from '../core/errors/reclaim-error.ts';

interface SmtpErrorShape {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
}

const unreachable = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);

export function translateSmtpError(error: unknown, server: string): ReclaimError {
  if (isReclaimError(error)) return error;
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as SmtpErrorShape;
  const reply = e.response ? ` (server said: ${e.response.split('\n')[0]?.slice(0, 200)})` : '';
  const text = e.message ?? String(error);
  if (e.code === 'EAUTH') {
    return new ReclaimError(
      'SERVICE_ACCOUNT_LOGON_FAILED',
      `The mail server ${server} refused Reclaim's SMTP credentials${reply}`,
      { cause: error },
    );
  }
  if (e.code === 'ETLS' || /certificate|self[- ]signed|unable to verify/i.test(text)) {
    return new ReclaimError(
      'TLS_CERTIFICATE_INVALID',
      `The mail server ${server} presented a certificate that could not be verified (check notify.caFile): ${text}`,
      { cause: error },
    );
  }
  if (typeof e.responseCode === 'number') {
    if (e.responseCode >= 400 && e.responseCode < 500) {
      return new ReclaimError('SMTP_UNAVAILABLE', `The mail server ${server} is busy or deferring${reply}`, {
        cause: error,
      });
    }
    if (e.responseCode >= 500) {
      return new ReclaimError(
        'NOTICE_REJECTED',
        `The mail server ${server} refused the notice at ${e.command ?? 'SMTP'}${reply}`,
        { cause: error },
      );
    }
  }
  if (e.code === 'EENVELOPE')
    return new ReclaimError('NOTICE_REJECTED', `The mail server ${server} refused the recipient${reply}`, {
      cause: error,
    });
  if (
    (e.code && unreachable.has(e.code)) ||
    /connection was closed|unexpected socket close|connection closed/i.test(text)
  ) {
    return new ReclaimError('SMTP_UNAVAILABLE', `The mail server ${server} could not be reached: ${text}`, {
      cause: error,
    });
  }
  return new ReclaimError('UNEXPECTED', `Sending mail through ${server} failed unexpectedly: ${text}`, {
    cause: error,
  });
}
