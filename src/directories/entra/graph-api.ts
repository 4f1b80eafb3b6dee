// The small surface the connector uses of Graph (graph.md C2: hide the SDK behind a port): one
// raw call that never throws on an HTTP status, and paging over @odata.nextLink.
import { ResponseType, type Client } from '@microsoft/microsoft-graph-client';
import { graphFailureError, readGraphFailure, translateThrown } from './translate-graph-error.ts';

export interface GraphResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface CallOptions {
  /** JSON text, already serialised (secrets revealed only into it) */
  body?: string;
  headers?: Record<string, string>;
}

export class GraphApi {
  readonly baseUrl: string;
  readonly #client: Client;

  constructor(client: Client, baseUrl: string) {
    this.#client = client;
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /** Sends one request; `path` is relative to /v1.0 or an absolute nextLink. Throws only on transport. */
  async call(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    options: CallOptions = {},
  ): Promise<GraphResponse> {
    let request = this.#client.api(path).responseType(ResponseType.RAW);
    if (options.headers) request = request.headers(options.headers);
    let raw: Response;
    switch (method) {
      case 'GET':
        raw = (await request.get()) as Response;
        break;
      case 'POST':
        raw = (await request.post(options.body ?? '')) as Response;
        break;
      case 'PATCH':
        raw = (await request.patch(options.body ?? '{}')) as Response;
        break;
      case 'DELETE':
        raw = (await request.delete()) as Response;
        break;
    }
    const text = await raw.text();
    let body: unknown;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    return { status: raw.status, headers: raw.headers, body };
  }

  /** GET that must succeed: returns the JSON body, or throws a translated ReclaimError. */
  async read(path: string, what: string, headers?: Record<string, string>): Promise<Record<string, unknown>> {
    let response: GraphResponse;
    try {
      response = await this.call('GET', path, headers ? { headers } : {});
    } catch (error) {
      throw translateThrown(error, what, false);
    }
    if (response.status >= 300) throw graphFailureError(readGraphFailure(response.status, response.body), what, false);
    return (response.body ?? {}) as Record<string, unknown>;
  }

  /**
   * Streams the `value` arrays of a collection, following the opaque @odata.nextLink (graph.md A1).
   * `beforePage` lets a caller pace a rate-limited resource (reports: 5 requests per 10 s).
   */
  async *pages<T>(
    path: string,
    what: string,
    options: { headers?: Record<string, string>; beforePage?: () => Promise<void> } = {},
  ): AsyncGenerator<T[]> {
    let next: string | undefined = path;
    while (next !== undefined) {
      await options.beforePage?.();
      const body = await this.read(next, what, options.headers);
      const value = Array.isArray(body.value) ? (body.value as T[]) : [];
      yield value;
      next = typeof body['@odata.nextLink'] === 'string' ? body['@odata.nextLink'] : undefined;
    }
  }
}
