import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ATTID,
  guidToString,
  parseReplPropertyMetaData,
  sameWrite,
  stampOf,
} from '../../../../src/directories/ad/multi-dc/repl-property-metadata.ts';

function guidBytes(guid: string): Buffer {
  const h = guid.replace(/-/g, '');
  const le = (s: string) => Buffer.from(s, 'hex').reverse();
  return Buffer.concat([le(h.slice(0, 8)), le(h.slice(8, 12)), le(h.slice(12, 16)), Buffer.from(h.slice(16), 'hex')]);
}

function blob(
  entries: Array<{ attid: number; version: number; unixS: number; inv: string; usn: number; local: number }>,
): Buffer {
  const head = Buffer.alloc(16);
  head.writeUInt32LE(1, 0);
  head.writeUInt32LE(entries.length, 8);
  const rows = entries.map((e) => {
    const b = Buffer.alloc(48);
    b.writeUInt32LE(e.attid, 0);
    b.writeUInt32LE(e.version, 4);
    b.writeBigUInt64LE(BigInt(e.unixS) + 11_644_473_600n, 8);
    guidBytes(e.inv).copy(b, 16);
    b.writeBigUInt64LE(BigInt(e.usn), 32);
    b.writeBigUInt64LE(BigInt(e.local), 40);
    return b;
  });
  return Buffer.concat([head, ...rows]);
}

const INV = '4bf30be2-6d28-442a-af0e-b2bbb2c323fb';

test('GUID bytes are decoded with the first three fields little-endian', () => {
  assert.equal(guidToString(guidBytes(INV)), INV);
});

test('entries decode to attid, version, originating time, invocationId and USNs', () => {
  const stamps = parseReplPropertyMetaData(
    blob([
      { attid: ATTID.pwdLastSet, version: 3, unixS: 1_790_000_000, inv: INV, usn: 4021, local: 4021 },
      { attid: ATTID.unicodePwd, version: 2, unixS: 1_790_000_001, inv: INV, usn: 4022, local: 5000 },
    ]),
  );
  assert.equal(stamps.length, 2);
  const pwd = stampOf(stamps, ATTID.unicodePwd);
  assert.deepEqual(pwd, {
    attid: ATTID.unicodePwd,
    version: 2,
    originatingTime: new Date(1_790_000_001_000).toISOString(),
    originatingInvocationId: INV,
    originatingUsn: 4022,
    localUsn: 5000,
  });
});

test('the same write on two DCs differs only in its local USN', () => {
  const a = parseReplPropertyMetaData(
    blob([{ attid: ATTID.unicodePwd, version: 2, unixS: 10, inv: INV, usn: 7, local: 7 }]),
  )[0];
  const b = parseReplPropertyMetaData(
    blob([{ attid: ATTID.unicodePwd, version: 2, unixS: 10, inv: INV, usn: 7, local: 99 }]),
  )[0];
  const later = parseReplPropertyMetaData(
    blob([{ attid: ATTID.unicodePwd, version: 3, unixS: 10, inv: INV, usn: 8, local: 99 }]),
  )[0];
  assert.equal(sameWrite(a, b), true);
  assert.equal(sameWrite(a, later), false);
  assert.equal(sameWrite(a, undefined), false);
});

test('a truncated or unknown blob is refused, never half-read', () => {
  assert.throws(() => parseReplPropertyMetaData(Buffer.alloc(8)), /shorter than its header/);
  const bad = blob([{ attid: 1, version: 1, unixS: 1, inv: INV, usn: 1, local: 1 }]);
  assert.throws(() => parseReplPropertyMetaData(bad.subarray(0, 40)), /1 entries announced/);
  const v2 = Buffer.from(bad);
  v2.writeUInt32LE(2, 0);
  assert.throws(() => parseReplPropertyMetaData(v2), /version 2/);
});
