// RFC 4514 escaping of attribute values in DNs, and the reverse, so names with , + " \ < > ; =
// or a leading # or space round-trip. Servers may answer with another (equivalent) escaping,
// e.g. Samba writes ';' as \3B, so DNs are compared after parsing, never as strings.

/** Escapes one RDN attribute value (RFC 4514 section 2.4). */
export function escapeDnValue(value: string): string {
  let out = value.replace(/[\\,+"<>;=]/g, (c) => `\\${c}`).replace(/\0/g, '\\00');
  if (out.startsWith('#') || out.startsWith(' ')) out = `\\${out}`;
  if (out.endsWith(' ') && !out.endsWith('\\ ')) out = `${out.slice(0, -1)}\\ `;
  return out;
}

export interface Rdn {
  type: string;
  value: string;
}

/** Parses a DN string into RDNs with unescaped values (single-valued RDNs, as AD uses). */
export function parseDn(dn: string): Rdn[] {
  const rdns: Rdn[] = [];
  let i = 0;
  while (i < dn.length) {
    const eq = dn.indexOf('=', i);
    if (eq < 0) throw new Error(`invalid DN: ${dn}`);
    const type = dn.slice(i, eq).trim();
    let value = '';
    const bytes: number[] = [];
    const flush = () => {
      if (bytes.length) value += Buffer.from(bytes).toString('utf8');
      bytes.length = 0;
    };
    i = eq + 1;
    while (i < dn.length && dn[i] !== ',' && dn[i] !== '+') {
      if (dn[i] === '\\') {
        const hex = dn.slice(i + 1, i + 3);
        if (/^[0-9a-fA-F]{2}$/.test(hex)) {
          bytes.push(Number.parseInt(hex, 16));
          i += 3;
          continue;
        }
        flush();
        value += dn[i + 1] ?? '';
        i += 2;
        continue;
      }
      flush();
      value += dn[i];
      i += 1;
    }
    flush();
    rdns.push({ type, value });
    i += 1; // skip the separator
  }
  return rdns;
}

/** A canonical form for comparing DNs: types upper-cased, values unescaped and lower-cased. */
export function canonicalDn(dn: string): string {
  return parseDn(dn)
    .map((r) => `${r.type.toUpperCase()}=${JSON.stringify(r.value.toLowerCase())}`)
    .join(',');
}
