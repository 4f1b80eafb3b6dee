import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeGuid, decodeSid, domainSidOf, encodeGuid, encodeSid, ridOf } from '../../../src/directories/ad/sid.ts';

describe('SID and GUID binary forms', () => {
  it('decodes a domain SID from its bytes', () => {
    const bytes = new Uint8Array([
      1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 0x15, 0xcd, 0x5b, 0x07, 0x2a, 0x3b, 0x4c, 0x5d, 0x01, 0x02, 0x03, 0x04, 0x00,
      0x02, 0x00, 0x00,
    ]);
    assert.equal(decodeSid(bytes), 'S-1-5-21-123456789-1565276970-67305985-512');
    assert.deepEqual(encodeSid('S-1-5-21-123456789-1565276970-67305985-512'), bytes);
  });
  it('decodes the builtin Administrators SID', () => {
    assert.equal(decodeSid(new Uint8Array([1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 2, 0, 0])), 'S-1-5-32-544');
  });
  it('round-trips random SIDs', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 0xffffffff }), { maxLength: 15 }), fc.nat({ max: 2 ** 47 }), (subs, auth) => {
        const sid = `S-1-${auth}${subs.map((s) => `-${s}`).join('')}`;
        return decodeSid(encodeSid(sid)) === sid;
      }),
    );
  });
  it('takes RID and domain part', () => {
    assert.equal(ridOf('S-1-5-21-1-2-3-1105'), 1105);
    assert.equal(domainSidOf('S-1-5-21-1-2-3-1105'), 'S-1-5-21-1-2-3');
  });
  it('decodes a GUID with its little-endian first fields', () => {
    const bytes = new Uint8Array([
      0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
    ]);
    assert.equal(decodeGuid(bytes), '00112233-4455-6677-8899-aabbccddeeff');
    assert.deepEqual(encodeGuid('00112233-4455-6677-8899-aabbccddeeff'), bytes);
  });
  it('refuses malformed input', () => {
    assert.throws(() => decodeSid(new Uint8Array([1, 2, 0])), RangeError);
    assert.throws(() => encodeGuid('nope'), RangeError);
  });
});
