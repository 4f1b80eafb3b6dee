// LDIF (RFC 2849) of add entries, for the `ldapadd` baseline of the seed benchmark: the same
// entries Reclaim's seeder sends, so the two rates compare like with like.
import type { AddEntry, EntryValue } from './organisation-entries.ts';

// SAFE-STRING: ASCII without NUL/LF/CR, not starting with space, ':' or '<', not ending with space.
// biome-ignore lint/suspicious/noControlCharactersInRegex: LDIF's SAFE-STRING (RFC 2849) is defined by byte ranges
const SAFE = /^(?![ :<])[\x01-\x09\x0b\x0c\x0e-\x7f]*$/;

function line(attr: string, value: string | Buffer): string {
  if (typeof value === 'string' && SAFE.test(value) && !value.endsWith(' ')) return `${attr}: ${value}`;
  return `${attr}:: ${Buffer.from(value).toString('base64')}`;
}

export function toLdif(entries: AddEntry[]): string {
  const out: string[] = [];
  for (const entry of entries) {
    out.push(line('dn', entry.dn), 'changetype: add');
    for (const [attr, raw] of Object.entries(entry.attributes)) {
      const list: (string | Buffer)[] = Buffer.isBuffer(raw) ? [raw] : (([raw] as EntryValue[]).flat() as string[]);
      for (const v of list) out.push(line(attr, v));
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
