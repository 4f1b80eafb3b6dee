// Our own JSON $batch envelope (graph.md A8, B2): the client library's BatchRequestContent keeps
// the /v1.0 segment in item URLs, which real Graph refuses, so we build and read it ourselves.
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { serializeBody, type GraphWrite } from './action-request.ts';

export const maxBatchSize = 20;

export interface BatchItem {
  id: string;
  request: GraphWrite;
}

export interface BatchItemResponse {
  id: string;
  status: number;
  /** item headers, keys lower-cased */
  headers: Record<string, string>;
  body: unknown;
}

/** The JSON text of a $batch request. Secrets in bodies are revealed here, into the wire text only. */
export function batchRequestText(items: readonly BatchItem[]): string {
  if (items.length === 0 || items.length > maxBatchSize) {
    throw new ReclaimError('UNEXPECTED', `a $batch holds 1 to ${maxBatchSize} requests, not ${items.length}`);
  }
  const seen = new Set<string>();
  const parts = items.map(({ id, request }) => {
    // Ids are compared case-insensitively by Graph: a duplicate fails the whole batch.
    if (seen.has(id.toLowerCase())) throw new ReclaimError('UNEXPECTED', `duplicate $batch item id ${id}`);
    seen.add(id.toLowerCase());
    if (/^https?:|^\/v1\.0\/|^\/beta\//.test(request.url)) {
      throw new ReclaimError('UNEXPECTED', `a $batch item URL must be relative to the version root: ${request.url}`);
    }
    const body = serializeBody(request.body);
    // A body needs its Content-Type on the item, and a write item (POST, PATCH) needs both even with
    // nothing to send (`{}`: revokeSignInSessions): otherwise Graph refuses the WHOLE batch (graph.md,
    // "More facts verified": "Write request id : N does not contain Content-Type header or body").
    const head = `{"id":${JSON.stringify(id)},"method":"${request.method}","url":${JSON.stringify(request.url)}`;
    const sent = body ?? (request.method === 'DELETE' ? undefined : '{}');
    return sent === undefined ? `${head}}` : `${head},"headers":{"Content-Type":"application/json"},"body":${sent}}`;
  });
  return `{"requests":[${parts.join(',')}]}`;
}

/** Reads the items of a $batch answer; items may come back in any order. */
export function readBatchResponse(body: unknown): BatchItemResponse[] {
  const responses = (body as { responses?: unknown } | null)?.responses;
  if (!Array.isArray(responses)) throw new ReclaimError('UNEXPECTED', 'the $batch answer has no responses array');
  return responses.map((raw: unknown) => {
    const item = raw as { id?: unknown; status?: unknown; headers?: unknown; body?: unknown };
    if (typeof item.id !== 'string' || typeof item.status !== 'number') {
      throw new ReclaimError('UNEXPECTED', 'a $batch answer item has no id or status');
    }
    const headers: Record<string, string> = {};
    if (item.headers && typeof item.headers === 'object') {
      for (const [key, value] of Object.entries(item.headers as Record<string, unknown>))
        headers[key.toLowerCase()] = String(value);
    }
    return { id: item.id, status: item.status, headers, body: item.body };
  });
}
