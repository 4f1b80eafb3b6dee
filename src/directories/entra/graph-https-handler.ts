// The last middleware of the Graph client: sends the request over node:https with our own agent
// (keep-alive, the configured CA, a bounded socket pool) instead of the global fetch, whose TLS
// trust cannot be configured per client on Node 20. A read (GET) whose connection is reset before
// any answer is sent again on a fresh connection, up to twice: a kept-alive socket the server
// closes just as a request goes out on it is a race of HTTP keep-alive, not an outage (a discovery
// of a large tenant, paced by Graph's report limits, leaves sockets idle past the server's timeout).
// Writes are never sent again here: the engine's journal decides what a cut-off write did.
import { request as httpsRequest, type Agent } from 'node:https';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

/** Names given to transport failures; the Graph client copies `name` into GraphError.code. */
export const transportErrorNames = {
  /** the request never left: refused connection, DNS, TLS handshake */
  notSent: 'TransportNotSent',
  /** the certificate could not be verified */
  tls: 'TransportTlsInvalid',
  /** the request may have reached the server: reset or timeout after sending */
  maybeSent: 'TransportOutcomeUnknown',
} as const;

export class GraphHttpsHandler implements Middleware {
  readonly #agent: Agent;
  readonly #timeoutMs: number;

  constructor(agent: Agent, timeoutMs = 60_000) {
    this.#agent = agent;
    this.#timeoutMs = timeoutMs;
  }

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const method = (
      context.options?.method ?? (typeof context.request === 'string' ? 'GET' : context.request.method)
    ).toUpperCase();
    const headers = new Headers(context.options?.headers as HeadersInit | undefined);
    if (typeof context.request !== 'string')
      context.request.headers.forEach((v, k) => {
        headers.has(k) || headers.set(k, v);
      });
    let body: string | Buffer | undefined;
    const raw = context.options?.body;
    if (typeof raw === 'string') body = raw;
    else if (raw instanceof ArrayBuffer || ArrayBuffer.isView(raw)) body = Buffer.from(raw as ArrayBuffer);
    else if (typeof context.request !== 'string' && context.request.body)
      body = Buffer.from(await context.request.arrayBuffer());
    for (let attempt = 1; ; attempt++) {
      try {
        context.response = await this.#send(url, method, headers, body);
        return;
      } catch (error) {
        if (!(method === 'GET' && attempt <= readRetries && connectionCut(error))) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }

  #send(url: string, method: string, headers: Headers, body: string | Buffer | undefined): Promise<Response> {
    const outgoing: Record<string, string> = {};
    headers.forEach((value, key) => {
      outgoing[key] = value;
    });
    if (body !== undefined) outgoing['content-length'] = String(Buffer.byteLength(body));
    return new Promise<Response>((resolve, reject) => {
      let sent = false;
      const req = httpsRequest(
        url,
        { method, headers: outgoing, agent: this.#agent, timeout: this.#timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error) =>
            reject(named(transportErrorNames.maybeSent, `the response from ${new URL(url).host} was cut off`, error)),
          );
          res.on('end', () => {
            const responseHeaders = new Headers();
            for (const [key, value] of Object.entries(res.headers)) {
              if (value !== undefined) responseHeaders.set(key, Array.isArray(value) ? value.join(', ') : value);
            }
            const status = res.statusCode ?? 500;
            const payload = status === 204 || status === 304 || chunks.length === 0 ? null : Buffer.concat(chunks);
            resolve(new Response(payload, { status, headers: responseHeaders }));
          });
        },
      );
      req.on('finish', () => (sent = true));
      req.on('timeout', () =>
        req.destroy(
          named(transportErrorNames.maybeSent, `no answer from ${new URL(url).host} within ${this.#timeoutMs} ms`),
        ),
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error.name === transportErrorNames.maybeSent) return reject(error);
        if (isTlsError(error))
          return reject(
            named(
              transportErrorNames.tls,
              `the certificate of ${new URL(url).host} could not be verified (${error.code ?? error.message})`,
              error,
            ),
          );
        const name = sent ? transportErrorNames.maybeSent : transportErrorNames.notSent;
        reject(named(name, `${new URL(url).host}: ${error.code ?? error.message}`, error));
      });
      req.end(body);
    });
  }
}

const readRetries = 2;

/** A connection reset or closed under the request (not a timeout, not TLS, not a refused connection). */
function connectionCut(error: unknown): boolean {
  const code = ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ECONNRESET' || code === 'EPIPE';
}

function isTlsError(error: NodeJS.ErrnoException): boolean {
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(error.code ?? '');
}

function named(name: string, message: string, cause?: unknown): Error {
  const error = new Error(message, { cause });
  error.name = name;
  return error;
}
