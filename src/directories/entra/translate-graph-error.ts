// Graph answers and transport failures, translated to catalog codes at the adapter's boundary
// (graph.md A10). Messages name the identity and the operation, never a secret.
import type { ErrorCode } from '../../core/errors/error-catalog.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { transportErrorNames } from './graph-https-handler.ts';

export interface GraphFailure {
  status: number;
  /** error.code of the Graph body, e.g. Authorization_RequestDenied */
  code?: string;
  message?: string;
}

/** Reads `{error:{code,message}}` from a Graph error body (object or JSON text). */
export function readGraphFailure(status: number, body: unknown): GraphFailure {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return { status, message: body.slice(0, 200) };
    }
  }
  const error = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return {
    status,
    ...(typeof error?.code === 'string' ? { code: error.code } : {}),
    ...(typeof error?.message === 'string' ? { message: error.message } : {}),
  };
}

export function graphFailureCode(failure: GraphFailure, isWrite: boolean): ErrorCode {
  const { status, code = '', message = '' } = failure;
  if (status === 429) return 'DIRECTORY_THROTTLED';
  // SAFETY: a write that timed out at the gateway may still be applied: the engine retries it with
  // the same value and reads back, it never assumes it failed (design.md, facts learned).
  if (status === 503 || status === 504 || status === 502) return isWrite ? 'OUTCOME_UNKNOWN' : 'DIRECTORY_UNAVAILABLE';
  if (status === 404 || code === 'Request_ResourceNotFound') return 'IDENTITY_NOT_FOUND';
  if (status === 401) return 'SERVICE_ACCOUNT_LOGON_FAILED';
  if (status === 403 || code.startsWith('Authorization_')) return 'INSUFFICIENT_RIGHTS';
  if (/on-premises mastered|Directory Sync objects/i.test(message)) return 'IDENTITY_MASTERED_ON_PREMISES';
  if (/password complexity|password does not comply|PasswordPolicy|banned password/i.test(message))
    return 'PASSWORD_POLICY_REJECTED';
  if (status === 501 || code === 'Request_UnsupportedQuery') return 'NOT_SUPPORTED';
  if (status === 409 || status === 412) return 'CONCURRENT_MODIFICATION';
  if (status >= 500) return isWrite ? 'OUTCOME_UNKNOWN' : 'DIRECTORY_UNAVAILABLE';
  if (status >= 400) return 'CONSTRAINT_VIOLATION';
  return 'UNEXPECTED';
}

export function graphFailureError(failure: GraphFailure, what: string, isWrite: boolean): ReclaimError {
  const code = graphFailureCode(failure, isWrite);
  const said = failure.code ? `${failure.code}: ${failure.message ?? ''}`.trim() : `HTTP ${failure.status}`;
  return new ReclaimError(code, `${what}: Microsoft Graph answered ${failure.status} (${said})`, {
    details: [`graph status ${failure.status}`, ...(failure.code ? [`graph code ${failure.code}`] : [])],
  });
}

/** Translates anything thrown while calling Graph (transport, token acquisition, client library). */
export function translateThrown(error: unknown, what: string, isWrite: boolean): ReclaimError {
  if (error instanceof ReclaimError) return error;
  const e = error as { name?: string; code?: string; statusCode?: number; message?: string; body?: unknown };
  const name = e?.code ?? e?.name ?? '';
  const message = e?.message ?? String(error);
  if (name === transportErrorNames.notSent)
    return new ReclaimError('DIRECTORY_UNAVAILABLE', `${what}: Microsoft Graph could not be reached (${message})`, {
      cause: error,
    });
  if (name === transportErrorNames.tls)
    return new ReclaimError('TLS_CERTIFICATE_INVALID', `${what}: ${message}; set caFile or trust the CA`, {
      cause: error,
    });
  if (name === transportErrorNames.maybeSent) {
    return new ReclaimError(isWrite ? 'OUTCOME_UNKNOWN' : 'DIRECTORY_UNAVAILABLE', `${what}: ${message}`, {
      cause: error,
    });
  }
  if (/unable to verify|self[- ]signed certificate|certificate has expired|UNABLE_TO_VERIFY|CERT_/i.test(message)) {
    // Raised inside @azure/identity as a credential error: say what is really wrong.
    return new ReclaimError(
      'TLS_CERTIFICATE_INVALID',
      `${what}: ${firstLine(message)}; set caFile to the CA that issued the server certificate`,
      { cause: error },
    );
  }
  if (
    /AuthenticationError|CredentialUnavailableError|AuthenticationRequiredError/.test(`${name} ${e?.name ?? ''}`) ||
    /AADSTS/.test(message)
  ) {
    // The AADSTS text says which part of the app registration is wrong (secret, certificate, id).
    return new ReclaimError(
      'SERVICE_ACCOUNT_LOGON_FAILED',
      `${what}: the app registration could not get a token: ${firstLine(message)}`,
      { cause: error },
    );
  }
  if (typeof e?.statusCode === 'number' && e.statusCode > 0) {
    return graphFailureError(readGraphFailure(e.statusCode, e.body), what, isWrite);
  }
  return new ReclaimError('UNEXPECTED', `${what}: ${firstLine(message)}`, { cause: error });
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.slice(0, 300) ?? '';
}
