// RFC 4515 escaping of assertion values in search filters, so a name such as `a*b)(x=` can never
// widen or break a filter. https://www.rfc-editor.org/rfc/rfc4515#section-3

/** Escapes a string assertion value: `*`, `(`, `)`, `\` and NUL become `\2a` `\28` `\29` `\5c` `\00`. */
export function escapeFilterValue(value: string): string {
  return value.replace(/[*()\\\0]/g, (ch) => `\\${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * Escapes a binary value (objectSid, objectGUID) byte by byte: `\01\05\00...`, for filters given
 * to other tools (ldapsearch). Not for ldapts string filters: ldapts turns `\xx` into a character
 * and re-encodes it as UTF-8, so bytes above 0x7f arrive corrupted; build an EqualityFilter with a
 * Buffer value instead.
 */
export function escapeFilterBytes(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
}
