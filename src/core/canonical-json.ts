// Canonical JSON: object keys sorted at every level, no whitespace, undefined members dropped,
// toJSON honoured (a Date is its ISO text, a Secret its redaction). Two equal values always give
// the same text: the basis of content hashes (plans, plan versions) and of the audit chain.
// Changing its output changes every stored hash, so it never changes for values already stored.
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const json = (value as { toJSON?: () => unknown }).toJSON;
    if (typeof json === 'function') return sortKeys(json.call(value));
    // A null prototype, so a member named __proto__ (JSON.parse makes one) stays a member.
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/**
 * The canonical text of `{ ...value, [key]: items }` around its array: `before` ends with
 * `"key":[` and `after` starts with `]`, so that for any array of plain data
 * `before + items.map(canonicalJson).join(',') + after === canonicalJson({ ...value, [key]: items })`.
 * A large array's text is then made (and hashed, or stored) one element at a time.
 */
export function canonicalJsonAround(value: Record<string, unknown>, key: string): { before: string; after: string } {
  const members = Object.keys(value)
    .filter((k) => k !== key && value[k] !== undefined)
    .sort();
  const member = (k: string) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`;
  return {
    before: `{${members
      .filter((k) => k < key)
      .map((k) => `${member(k)},`)
      .join('')}${JSON.stringify(key)}:[`,
    after: `]${members
      .filter((k) => k > key)
      .map((k) => `,${member(k)}`)
      .join('')}}`,
  };
}
