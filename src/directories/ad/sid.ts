// Binary objectSid and objectGUID as AD returns them, to and from their string forms.
// SID layout: https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-dtyp/f992ad60-0fe4-4b87-9fed-beb478836861
// GUID layout: the first three fields are little-endian (MS-DTYP 2.3.4.2).

export function decodeSid(bytes: Uint8Array): string {
  if (bytes.length < 8) throw new RangeError(`a SID needs at least 8 bytes, got ${bytes.length}`);
  const revision = bytes[0]!;
  const count = bytes[1]!;
  if (bytes.length !== 8 + 4 * count)
    throw new RangeError(`a SID with ${count} sub-authorities needs ${8 + 4 * count} bytes, got ${bytes.length}`);
  let authority = 0n;
  for (let i = 2; i < 8; i++) authority = (authority << 8n) | BigInt(bytes[i]!);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const subs: number[] = [];
  for (let i = 0; i < count; i++) subs.push(view.getUint32(8 + 4 * i, true));
  return `S-${revision}-${authority}${subs.map((s) => `-${s}`).join('')}`;
}

export function encodeSid(sid: string): Uint8Array {
  const m = /^S-(\d+)-(\d+)((?:-\d+)*)$/i.exec(sid);
  if (!m) throw new RangeError(`not a SID: ${sid}`);
  const subs = m[3] ? m[3].slice(1).split('-').map(Number) : [];
  const out = new Uint8Array(8 + 4 * subs.length);
  out[0] = Number(m[1]);
  out[1] = subs.length;
  let authority = BigInt(m[2]!);
  for (let i = 7; i >= 2; i--) {
    out[i] = Number(authority & 0xffn);
    authority >>= 8n;
  }
  const view = new DataView(out.buffer);
  subs.forEach((s, i) => {
    view.setUint32(8 + 4 * i, s, true);
  });
  return out;
}

/** The relative id: the last sub-authority (`S-1-5-21-x-y-z-512` gives 512). */
export function ridOf(sid: string): number {
  return Number(sid.slice(sid.lastIndexOf('-') + 1));
}

/** The domain part of a domain account SID (everything before the RID). */
export function domainSidOf(sid: string): string {
  return sid.slice(0, sid.lastIndexOf('-'));
}

const hex = (b: number): string => b.toString(16).padStart(2, '0');

export function decodeGuid(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new RangeError(`a GUID has 16 bytes, got ${bytes.length}`);
  const b = Array.from(bytes, hex);
  return [b[3]! + b[2]! + b[1]! + b[0]!, b[5]! + b[4]!, b[7]! + b[6]!, b[8]! + b[9]!, b.slice(10).join('')].join('-');
}

export function encodeGuid(guid: string): Uint8Array {
  const h = guid.replace(/[{}-]/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(h)) throw new RangeError(`not a GUID: ${guid}`);
  const raw = Array.from({ length: 16 }, (_, i) => parseInt(h.slice(2 * i, 2 * i + 2), 16));
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  return new Uint8Array(order.map((i) => raw[i]!));
}

export function isGuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
