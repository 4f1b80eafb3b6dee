// Listing a collection the way directory endpoints do: $filter with Entra's advanced-query rules,
// $count only with ConsistencyLevel: eventual, $top bounds, no $skip, an opaque $skiptoken in an
// absolute @odata.nextLink (graph.md A1).
import { createHash } from 'node:crypto';
import { graphError } from './graph-error.ts';
import { graphMessages } from './graph-messages.ts';
import { json, type GraphResponse } from './graph-request.ts';
import { evaluateFilter, FilterSyntaxError, parseFilter } from './odata-filter.ts';
import { contextUrl, type RouteContext } from './route-context.ts';

export interface CollectionSpec<T> {
  /** resource name in error messages, e.g. 'User' */
  resourceName: string;
  contextFragment: string;
  /** lower-case property names usable in $filter */
  filterable: ReadonlySet<string>;
  /** operators that need ConsistencyLevel: eventual and $count=true */
  advancedOperators: ReadonlySet<string>;
  defaultTop: number;
  maxTop: number;
  /** whether $top is accepted at all (directoryRoles rejects custom page sizes) */
  supportsTop: boolean;
  view(item: T): Record<string, unknown>;
  project(item: T): Record<string, unknown>;
  /** free-text $search over these properties */
  searchable?: readonly string[];
}

const unsupported = (message: string) => graphError(400, 'Request_UnsupportedQuery', message);

function fingerprint(query: URLSearchParams): string {
  const copy = new URLSearchParams(query);
  copy.delete('$skiptoken');
  copy.sort();
  return createHash('sha256').update(copy.toString()).digest('base64url').slice(0, 10);
}

function encodeSkipToken(offset: number, fp: string): string {
  // Opaque to clients: a versioned blob, as real skip tokens are.
  return `RFNwdAIA${Buffer.from(JSON.stringify({ o: offset, f: fp })).toString('base64url')}`;
}

function decodeSkipToken(token: string, fp: string): number | undefined {
  if (!token.startsWith('RFNwdAIA')) return undefined;
  try {
    const v = JSON.parse(Buffer.from(token.slice(8), 'base64url').toString('utf8')) as { o?: unknown; f?: unknown };
    return typeof v.o === 'number' && v.f === fp ? v.o : undefined;
  } catch {
    return undefined;
  }
}

export function listCollection<T>(
  ctx: RouteContext,
  items: readonly T[],
  spec: CollectionSpec<T>,
  extra: { maxTop?: number } = {},
): GraphResponse {
  const q = ctx.req.query;
  const eventual = (ctx.req.headers.consistencylevel ?? '').toLowerCase() === 'eventual';
  const countRequested = (q.get('$count') ?? '').toLowerCase() === 'true';
  const advanced = eventual && countRequested;
  if (q.has('$skip')) return graphError(400, 'Request_BadRequest', graphMessages.skipUnsupported);
  const maxTop = extra.maxTop ?? spec.maxTop;
  let top = spec.defaultTop;
  if (q.has('$top')) {
    if (!spec.supportsTop) return unsupported(graphMessages.customPageSize);
    const n = Number(q.get('$top'));
    if (!Number.isInteger(n) || n < 1 || n > maxTop)
      return graphError(400, 'Request_BadRequest', graphMessages.topOutOfRange(maxTop));
    top = n;
  }
  let selected = [...items];
  const search = q.get('$search');
  if (search !== null) {
    if (!eventual) return unsupported(graphMessages.searchNeedsHeader);
    const m = /^"(?:(\w+):)?([^"]*)"$/.exec(search.trim());
    const props = m?.[1] ? [m[1]] : (spec.searchable ?? []);
    const term = (m?.[2] ?? search).toLowerCase();
    selected = selected.filter((item) =>
      props.some((p) =>
        String(spec.view(item)[p] ?? '')
          .toLowerCase()
          .includes(term),
      ),
    );
  }
  const filterText = q.get('$filter');
  if (filterText !== null) {
    let parsed;
    try {
      parsed = parseFilter(filterText);
    } catch (e) {
      if (e instanceof FilterSyntaxError) return unsupported(graphMessages.unsupportedFilterSyntax(e.message));
      throw e;
    }
    for (const p of parsed.properties) {
      if (!spec.filterable.has(p.toLowerCase()))
        return unsupported(graphMessages.unsupportedFilterProperty(p, spec.resourceName));
    }
    for (const op of parsed.operators) {
      if (spec.advancedOperators.has(op) && !advanced) return unsupported(graphMessages.advancedQueryNeeded(op));
    }
    selected = selected.filter((item) => evaluateFilter(parsed.root, spec.view(item)));
  }
  const orderBy = q.get('$orderby');
  if (orderBy !== null) {
    if (filterText !== null && !advanced) return unsupported(graphMessages.advancedQueryNeeded('orderby'));
    const [prop = '', dir = 'asc'] = orderBy.trim().split(/\s+/);
    const sign = dir.toLowerCase() === 'desc' ? -1 : 1;
    selected.sort((a, b) => sign * String(spec.view(a)[prop] ?? '').localeCompare(String(spec.view(b)[prop] ?? '')));
  }
  const fp = fingerprint(q);
  let offset = 0;
  const token = q.get('$skiptoken');
  if (token !== null) {
    const decoded = decodeSkipToken(token, fp);
    if (decoded === undefined) return graphError(400, 'Request_BadRequest', graphMessages.invalidSkipToken);
    offset = decoded;
  }
  const page = selected.slice(offset, offset + top);
  const body: Record<string, unknown> = { '@odata.context': contextUrl(ctx, spec.contextFragment) };
  // Without ConsistencyLevel: eventual, $count=true is ignored silently (graph.md A1).
  if (countRequested && eventual) body['@odata.count'] = selected.length;
  if (offset + top < selected.length) {
    const next = new URLSearchParams(q);
    next.set('$skiptoken', encodeSkipToken(offset + top, fp));
    body['@odata.nextLink'] = `${ctx.baseUrl}/v1.0${ctx.req.path}?${next.toString()}`;
  }
  body.value = page.map((item) => spec.project(item));
  return json(200, body);
}
