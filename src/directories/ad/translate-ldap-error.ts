// LDAP failures to catalog codes, at the adapter's boundary. ldapts reports LDAP result codes as
// ResultCodeError subclasses with a numeric `code`; socket trouble and timeouts are plain Errors
// (samba-multi-dc.md, gotcha 11), told apart by message. AD adds a Win32 code in the diagnostic
// message (`data 52e`, `0000052D`).
import type { ErrorCode } from '../../core/errors/error-catalog.ts';
import { isReclaimError, ReclaimError } from '../../core/errors/reclaim-error.ts';

export type LdapOperation = 'connect' | 'bind' | 'read' | 'write';

/** The AD sub-code in an invalidCredentials (49) message, e.g. `... data 773, v4563`. */
export function bindFailureCode(message: string): ErrorCode {
  const m = /data ([0-9a-f]{3,8})/i.exec(message);
  switch (m?.[1]?.toLowerCase()) {
    case '773':
      return 'PASSWORD_MUST_CHANGE';
    case '532':
      return 'PASSWORD_EXPIRED';
    case '533':
      return 'ACCOUNT_DISABLED';
    case '775':
      return 'ACCOUNT_LOCKED';
    case '701':
      return 'ACCOUNT_EXPIRED';
    case '530':
    case '531':
      return 'LOGON_NOT_PERMITTED';
    default:
      return 'INVALID_CREDENTIALS'; // 52e wrong password, 525 no such user
  }
}

const tlsCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
]);
const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ELOOPBACKGUARD',
]);

function codeFor(error: unknown, operation: LdapOperation): ErrorCode {
  const e = error as { code?: unknown; message?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(error);
  if (typeof e?.code === 'string') {
    if (tlsCodes.has(e.code)) return 'TLS_CERTIFICATE_INVALID';
    if (networkCodes.has(e.code)) return 'DIRECTORY_UNAVAILABLE';
  }
  if (typeof e?.code !== 'number') {
    // SAFETY: a write whose answer never came may still be applied by the DC later
    // (samba-multi-dc.md, "a timed-out write is not cancelled"): never report it as failed.
    if (/Operation timed out|Connection closed before message response|Socket error/i.test(message)) {
      return operation === 'write' ? 'OUTCOME_UNKNOWN' : 'DIRECTORY_UNAVAILABLE';
    }
    if (/connection timeout|connect|socket|closed/i.test(message)) return 'DIRECTORY_UNAVAILABLE';
    return 'UNEXPECTED';
  }
  switch (e.code) {
    case 49:
      return operation === 'bind' ? 'SERVICE_ACCOUNT_LOGON_FAILED' : bindFailureCode(message);
    case 50:
      return 'INSUFFICIENT_RIGHTS';
    case 32:
      return 'IDENTITY_NOT_FOUND';
    case 8:
    case 13:
      return 'INSECURE_TRANSPORT';
    case 16:
    case 20:
      // delete-exact-old + add-new found a different value: someone else wrote in between
      return 'CONCURRENT_MODIFICATION';
    case 19:
    case 53:
      if (/0000052D|password|check_password_restrictions/i.test(message)) return 'PASSWORD_POLICY_REJECTED';
      return 'CONSTRAINT_VIOLATION';
    case 51:
    case 3:
      return 'DIRECTORY_BUSY';
    case 11:
      return 'DIRECTORY_THROTTLED';
    case 52:
      return 'DIRECTORY_UNAVAILABLE';
    case 1:
      // "Operation unavailable without authentication": a connection re-opened unbound
      return /without authentication/i.test(message) ? 'DIRECTORY_UNAVAILABLE' : 'UNEXPECTED';
    case 21:
    case 34:
    case 64:
    case 65:
    case 67:
    case 68:
    case 69:
    case 80:
      return 'CONSTRAINT_VIOLATION';
    default:
      return 'UNEXPECTED';
  }
}

const explanations: Partial<Record<ErrorCode, string>> = {
  SERVICE_ACCOUNT_LOGON_FAILED: 'the service account could not sign in (check bindDn and its password)',
  INSUFFICIENT_RIGHTS:
    'the service account has no right to change this object (delegate rights on its OU, or use an admin account for privileged users)',
  IDENTITY_NOT_FOUND: 'the object does not exist (deleted or moved out of scope)',
  INSECURE_TRANSPORT: 'the directory requires an encrypted connection (use ldaps:// or StartTLS)',
  CONCURRENT_MODIFICATION: 'the object changed while it was being written; it will be read again',
  PASSWORD_POLICY_REJECTED: 'the new password does not satisfy the password policy (length, complexity or history)',
  CONSTRAINT_VIOLATION: 'the directory refused the change',
  DIRECTORY_BUSY: 'the domain controller is busy',
  DIRECTORY_THROTTLED: 'the domain controller refused the request as too expensive',
  DIRECTORY_UNAVAILABLE: 'the domain controller could not be reached',
  OUTCOME_UNKNOWN:
    'no answer came in time; the change may still be applied (retry with the same value, then read back)',
  TLS_CERTIFICATE_INVALID: 'the domain controller certificate could not be verified (check caFile and tlsServerName)',
};

/**
 * Translates any failure of an LDAP call into a ReclaimError with a catalog code and a message that
 * names the operation and the target. The LDAP diagnostic is kept in `details` for the operator.
 */
export function translateLdapError(error: unknown, operation: LdapOperation, target: string): ReclaimError {
  if (isReclaimError(error)) return error;
  const code = codeFor(error, operation);
  const raw = error instanceof Error ? error.message : String(error);
  const why = explanations[code] ?? 'unexpected directory error (a bug: please report it with the details)';
  const ldapCode =
    typeof (error as { code?: unknown })?.code === 'number' ? ` (LDAP ${(error as { code: number }).code})` : '';
  return new ReclaimError(code, `${operation} ${target}: ${why}${ldapCode}`, { details: [raw], cause: error });
}
