// RFC 4514 escaping of one attribute value inside a distinguished name, so names such as
// `Smith, John`, `a+b`, `#1` or `O"Brien <x>` become a valid RDN value instead of new RDNs.
// https://www.rfc-editor.org/rfc/rfc4514#section-2.4

const special = new Set([',', '+', '"', '\\', '<', '>', ';', '=']);

/** Escapes `value` for use as an RDN value, e.g. `CN=${escapeDnValue(name)},OU=...`. */
export function escapeDnValue(value: string): string {
  let out = '';
  const chars = Array.from(value);
  chars.forEach((ch, i) => {
    if (ch === '\0') out += '\\00';
    else if (special.has(ch)) out += `\\${ch}`;
    else if (i === 0 && (ch === '#' || ch === ' ')) out += `\\${ch}`;
    else if (i === chars.length - 1 && ch === ' ') out += '\\ ';
    else out += ch;
  });
  return out;
}

/** Reverses RFC 4514 escaping of one RDN value (`\,` and `\2C` forms). */
export function unescapeDnValue(value: string): string {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '\\' && i + 1 < value.length) {
      const hex = value.slice(i + 1, i + 3);
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else {
        bytes.push(...encoder.encode(value[i + 1]!));
        i += 1;
      }
    } else {
      const cp = value.codePointAt(i)!;
      const s = String.fromCodePoint(cp);
      bytes.push(...encoder.encode(s));
      i += s.length - 1;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** Splits a DN into its RDNs at unescaped commas, keeping each RDN's escaping as is. */
export function splitDn(dn: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < dn.length; i++) {
    const ch = dn[i]!;
    if (ch === '\\' && i + 1 < dn.length) {
      current += ch + dn[i + 1];
      i += 1;
    } else if (ch === ',') {
      parts.push(trimRdn(current));
      current = '';
    } else current += ch;
  }
  if (trimRdn(current) !== '') parts.push(trimRdn(current));
  return parts;
}

/** Trims the spaces around an RDN, but not an escaped trailing space (`CN=x\ `). */
function trimRdn(rdn: string): string {
  let end = rdn.length;
  while (end > 0 && rdn[end - 1] === ' ') {
    let slashes = 0;
    for (let i = end - 2; i >= 0 && rdn[i] === '\\'; i--) slashes += 1;
    if (slashes % 2 === 1) break;
    end -= 1;
  }
  return rdn.slice(0, end).trimStart();
}

/** The value of the first RDN, unescaped: `CN=Smith\, John,OU=x` gives `Smith, John`. */
export function firstRdnValue(dn: string): string {
  const first = splitDn(dn)[0] ?? '';
  const eq = first.indexOf('=');
  return unescapeDnValue(first.slice(eq + 1));
}

/** Compares DNs the way AD does for our purposes: case-insensitive, escaping normalised. */
export function sameDn(a: string, b: string): boolean {
  return normalizeDn(a) === normalizeDn(b);
}

export function normalizeDn(dn: string): string {
  return splitDn(dn)
    .map((rdn) => {
      const eq = rdn.indexOf('=');
      return `${rdn.slice(0, eq).trim().toLowerCase()}=${escapeDnValue(unescapeDnValue(rdn.slice(eq + 1))).toLowerCase()}`;
    })
    .join(',');
}
