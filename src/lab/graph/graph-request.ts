// The emulator's request and response values. One request model serves a top-level HTTP request
// and a $batch item alike, so both go through the same auth, permission, throttle and fault path.

export interface GraphRequest {
  method: string;
  /** Path below the version root, e.g. `/users/abc` (a batch item's url as given). */
  path: string;
  query: URLSearchParams;
  /** lower-case header names */
  headers: Record<string, string>;
  body: unknown;
  inBatch: boolean;
}

export interface GraphResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  isError?: boolean;
  /** Drop the connection without an answer (fault injection). */
  resetConnection?: boolean;
}

/** Who called, from the verified access token. */
export interface Caller {
  appId: string;
  appName: string;
  tenantId: string;
  kind: 'app' | 'user';
  /** application permissions (roles claim) or delegated scopes (scp claim) */
  permissions: string[];
  /** directory role template ids (wids claim) */
  wids: string[];
  /** the signed-in user for a delegated token */
  userId?: string;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): GraphResponse {
  return { status, headers, body };
}

export function noContent(): GraphResponse {
  return { status: 204, headers: {} };
}

/** Marks a request whose body was not valid JSON; the pipeline answers 400 after authentication. */
export const INVALID_JSON: unique symbol = Symbol('invalid-json');
