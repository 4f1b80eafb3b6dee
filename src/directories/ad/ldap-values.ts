// ldapts returns an attribute with one value as a scalar, several as an array and none as []
// (samba-lab.md, gotcha 8): read every attribute through these two helpers.

export type LdapValues = Record<string, string | string[] | Buffer | Buffer[] | undefined>;

export function firstValue(entry: LdapValues, name: string): string | undefined {
  const v = entry[name];
  if (v === undefined) return undefined;
  const one = Array.isArray(v) ? v[0] : v;
  return one === undefined ? undefined : String(one);
}

export function allValues(entry: LdapValues, name: string): string[] {
  const v = entry[name];
  if (v === undefined) return [];
  return Array.isArray(v) ? v.map(String) : [String(v)];
}

/** A binary attribute requested through `explicitBufferAttributes` (objectGUID, objectSid). */
export function firstBuffer(entry: LdapValues, name: string): Buffer | undefined {
  const v = entry[name];
  const one = Array.isArray(v) ? v[0] : v;
  return Buffer.isBuffer(one) ? one : undefined;
}
