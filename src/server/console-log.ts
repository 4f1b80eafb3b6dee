// What the console writes to its log, configured once for whatever logger it is given: requests
// as method, path and address (query values masked), and every secret-bearing field redacted.
// SAFETY: the console handles sign-in passwords and TOTP codes, session cookies and CSRF tokens,
// TAPs and temporary passwords, and OIDC codes, states and tokens. None of them may reach a log
// line: Fastify logs every request's URL, and the OIDC callback's URL carries `?code=&state=`.
import type { Logger } from 'pino';

export const redactedValue = '[redacted]';

const secretFields = [
  'password',
  'totp',
  'value',
  'csrfToken',
  'token',
  'access_token',
  'id_token',
  'refresh_token',
  'client_secret',
  'code_verifier',
  'nonce',
];
const secretHeaders = ['cookie', 'authorization', 'proxy-authorization', 'x-csrf-token', 'set-cookie'];

/** pino redact paths (fast-redact syntax): a field named above at the top or one level down, headers, query values. */
export const consoleRedactPaths: readonly string[] = [
  ...secretFields.flatMap((f) => [f, `*.${f}`]),
  ...secretHeaders.flatMap((h) => [`headers["${h}"]`, `*.headers["${h}"]`]),
  'query.code',
  'query.state',
  '*.query.code',
  '*.query.state',
  'cookies',
  '*.cookies',
];

/** The path with every query value masked: `/api/oidc/callback?code=[redacted]&state=[redacted]`. */
export function maskQuery(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const names = url
    .slice(at + 1)
    .split('&')
    .filter((p) => p !== '')
    .map((p) => p.split('=')[0]);
  return `${url.slice(0, at)}?${names.map((n) => `${n}=${redactedValue}`).join('&')}`;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  ip?: string;
  socket?: { remoteAddress?: string; remotePort?: number } | null;
}

/** Fastify's request summary without the query values (headers and bodies are never logged). */
export function requestSummary(req: LoggedRequest): Record<string, unknown> {
  return {
    method: req.method,
    url: typeof req.url === 'string' ? maskQuery(req.url) : undefined,
    remoteAddress: req.ip ?? req.socket?.remoteAddress,
    remotePort: req.socket?.remotePort,
  };
}

/** A child of `logger` with the console's redaction and request serializer (they win over Fastify's). */
export function consoleLogger(logger: Logger): Logger {
  return logger.child(
    {},
    { redact: { paths: [...consoleRedactPaths], censor: redactedValue }, serializers: { req: requestSummary } },
  );
}
