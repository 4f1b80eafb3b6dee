// JSON with object keys sorted at every level, so the same value always gives the same text:
// the basis of content hashes (plan versions) and of the audit chain.
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const json = (value as { toJSON?: () => unknown }).toJSON;
    if (typeof json === 'function') return sortKeys(json.call(value));
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}
