// $select for the non-user resources: keeps the named properties (and @odata.type), or the whole
// record when there is no $select.
export function selectFields(record: Record<string, unknown>, query: URLSearchParams): Record<string, unknown> {
  const raw = query.get('$select');
  if (!raw) return record;
  const wanted = new Set(
    raw
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (k.startsWith('@odata.') || wanted.has(k.toLowerCase())) out[k] = v;
  return out;
}

/** The CollectionSpec fields shared by the small directory collections. */
export function simpleSpec(
  resourceName: string,
  contextFragment: string,
  filterable: string[],
  query: URLSearchParams,
) {
  return {
    resourceName,
    contextFragment,
    filterable: new Set(filterable.map((f) => f.toLowerCase())),
    advancedOperators: new Set(['ne', 'not', 'endsWith']),
    defaultTop: 100,
    maxTop: 999,
    supportsTop: true,
    view: (r: Record<string, unknown>) => r,
    project: (r: Record<string, unknown>) => selectFields(r, query),
  };
}
