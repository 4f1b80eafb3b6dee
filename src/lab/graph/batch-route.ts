// POST /$batch (graph.md A8): at most 20 items with unique ids (case-insensitive), relative URLs
// without a version, dependsOn with 424 on a failed dependency; every item goes through the same
// auth, throttle and fault path and is answered inside an outer 200. Item headers carry
// `Content-Type` in exactly that casing, which BatchResponseContent depends on (graph.md B2).
// A write item (POST, PATCH, PUT) needs a body and its Content-Type, `{}` when there is nothing to
// send; without either the WHOLE batch is refused with a 400 ("More facts verified against
// Microsoft's docs": https://learn.microsoft.com/en-us/graph/json-batching, request format).
// Faults with `where: 'batchEnvelope'` hit the POST /$batch itself (graph.md C1: faults "inside
// batches" and on them): a forced status before any item runs, latency, a dropped connection, or
// the items applied and the envelope answered with the error.
import { randomUUID } from 'node:crypto';
import { completeErrorBody, graphError } from './graph-error.ts';
import { graphMessages } from './graph-messages.ts';
import { handleGraphRequest, type PipelineEnv } from './graph-pipeline.ts';
import { json, type Caller, type GraphRequest, type GraphResponse } from './graph-request.ts';

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

const writeMethods = new Set(['POST', 'PATCH', 'PUT']);

const invalid = (message: string = graphMessages.invalidBatch) => graphError(400, 'BadRequest', message);

function parseItems(body: unknown): BatchItem[] | GraphResponse {
  const requests = (body as { requests?: unknown } | undefined)?.requests;
  if (!Array.isArray(requests)) return invalid();
  if (requests.length > 20) return invalid(graphMessages.batchTooLarge);
  const items: BatchItem[] = [];
  for (const r of requests as Array<Record<string, unknown>>) {
    if (
      typeof r !== 'object' ||
      r === null ||
      typeof r.id !== 'string' ||
      r.id === '' ||
      typeof r.method !== 'string' ||
      typeof r.url !== 'string'
    ) {
      return invalid();
    }
    const headers: Record<string, string> = {};
    if (r.headers !== undefined) {
      if (typeof r.headers !== 'object' || r.headers === null) return invalid();
      for (const [k, v] of Object.entries(r.headers as Record<string, unknown>)) headers[k.toLowerCase()] = String(v);
    }
    if (r.body !== undefined && headers['content-type'] === undefined)
      return invalid(graphMessages.batchBodyNeedsContentType);
    if (writeMethods.has(r.method.toUpperCase()) && (r.body === undefined || headers['content-type'] === undefined))
      return invalid(graphMessages.batchWriteWithoutBody(r.id));
    const dependsOn = r.dependsOn === undefined ? [] : r.dependsOn;
    if (!Array.isArray(dependsOn) || dependsOn.some((d) => typeof d !== 'string')) return invalid();
    items.push({
      id: r.id,
      method: r.method.toUpperCase(),
      url: r.url,
      headers,
      body: r.body,
      dependsOn: dependsOn as string[],
    });
  }
  const ids = new Set<string>();
  for (const item of items) {
    const key = item.id.toLowerCase();
    if (ids.has(key)) return invalid(graphMessages.batchDuplicateId);
    ids.add(key);
  }
  for (const item of items) {
    const missing = item.dependsOn.find((d) => !ids.has(d.toLowerCase()));
    if (missing !== undefined) return invalid(graphMessages.batchDependencyMissing(missing));
  }
  return items;
}

/** Re-keys any spelling of content-type as `Content-Type`, as real Graph writes item headers. */
function itemHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === 'content-type')
      out['Content-Type'] = v.startsWith('application/json') ? 'application/json' : v;
    else out[k] = v;
  }
  return out;
}

function itemRequest(item: BatchItem): GraphRequest | GraphResponse {
  if (!item.url.startsWith('/'))
    return invalid(`Invalid request URL '${item.url}': batch item URLs are relative to the version root.`);
  const parsed = new URL(item.url, 'https://batch.invalid');
  return {
    method: item.method,
    path: parsed.pathname,
    query: parsed.searchParams,
    headers: item.headers,
    body: item.body,
    inBatch: true,
  };
}

/** An item answered by the batch itself (424, a bad item URL): same ids and error shape as any answer. */
function local(response: GraphResponse, item: BatchItem, env: PipelineEnv): GraphResponse {
  const requestId = randomUUID();
  const clientRequestId = item.headers['client-request-id'] ?? randomUUID();
  completeErrorBody(response, requestId, clientRequestId, env.clock.now());
  response.headers = {
    ...response.headers,
    'Content-Type': 'application/json',
    'request-id': requestId,
    'client-request-id': clientRequestId,
  };
  return response;
}

export async function handleBatch(env: PipelineEnv, req: GraphRequest, caller: Caller): Promise<GraphResponse> {
  const items = parseItems(req.body);
  if (!Array.isArray(items)) return items;
  const byId = new Map(items.map((i) => [i.id.toLowerCase(), i]));
  const results = new Map<string, Promise<GraphResponse>>();
  const visiting = new Set<string>();
  let cycle = false;
  const run = (item: BatchItem): Promise<GraphResponse> => {
    const key = item.id.toLowerCase();
    const existing = results.get(key);
    if (existing) return existing;
    if (visiting.has(key)) {
      cycle = true;
      return Promise.resolve(invalid());
    }
    visiting.add(key);
    const deps = item.dependsOn.map((d) => run(byId.get(d.toLowerCase()) as BatchItem));
    const p = Promise.all(deps).then(async (done) => {
      if (done.some((r) => r.status >= 400 || r.resetConnection)) {
        return local(graphError(424, 'FailedDependency', graphMessages.failedDependency), item, env);
      }
      const request = itemRequest(item);
      if (!('method' in request)) return local(request, item, env);
      return handleGraphRequest(env, request, caller, item.id);
    });
    results.set(key, p);
    return p;
  };
  const answers = await Promise.all(items.map(run));
  if (cycle) return invalid('The batch contains a circular dependsOn chain.');
  // A dropped connection on any item drops the whole batch's connection.
  if (answers.some((a) => a.resetConnection)) return { status: 0, headers: {}, resetConnection: true };
  const responses = items.map((item, i) => {
    const a = answers[i] as GraphResponse;
    const out: Record<string, unknown> = { id: item.id, status: a.status, headers: itemHeaders(a.headers) };
    if (a.body !== undefined) out.body = a.body;
    return out;
  });
  if (env.settings.shuffleBatchResponses) responses.reverse();
  return json(200, { responses });
}
