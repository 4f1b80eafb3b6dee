// Decodes `replPropertyMetaData` (NDR replPropertyMetaDataBlob, version 1): per attribute, which
// write is the current one: {version, originating time, originating DC invocationId, USNs}. The
// same {version, invocationId, time} on every DC means the same write is everywhere
// (samba-multi-dc.md §b); pwdLastSet alone cannot tell two writes of the same value apart.
import { ReclaimError } from '../../../core/errors/reclaim-error.ts';

export const ATTID = {
  userAccountControl: 0x90008,
  unicodePwd: 0x9005a,
  pwdLastSet: 0x90060,
} as const;

export interface ReplStamp {
  attid: number;
  version: number;
  /** originating change time, ISO (whole seconds: NTTIME_1sec) */
  originatingTime: string;
  originatingInvocationId: string;
  originatingUsn: number;
  localUsn: number;
}

const ENTRY = 48;
const HEADER = 16;
const EPOCH_1601_TO_1970_S = 11_644_473_600n;

/** A GUID in its string form (first three fields little-endian, as Windows stores them). */
export function guidToString(b: Buffer): string {
  const hex = (start: number, end: number, reverse: boolean) => {
    const part = Buffer.from(b.subarray(start, end));
    return (reverse ? part.reverse() : part).toString('hex');
  };
  return [hex(0, 4, true), hex(4, 6, true), hex(6, 8, true), hex(8, 10, false), hex(10, 16, false)].join('-');
}

export function parseReplPropertyMetaData(blob: Buffer): ReplStamp[] {
  const bad = (why: string) => new ReclaimError('UNEXPECTED', `replPropertyMetaData: ${why}`);
  if (blob.length < HEADER) throw bad(`${blob.length} bytes is shorter than its header`);
  const version = blob.readUInt32LE(0);
  if (version !== 1) throw bad(`version ${version} (only version 1 is known)`);
  const count = blob.readUInt32LE(8);
  if (blob.length < HEADER + count * ENTRY) throw bad(`${count} entries announced, ${blob.length} bytes present`);
  const stamps: ReplStamp[] = [];
  for (let i = 0; i < count; i += 1) {
    const o = HEADER + i * ENTRY;
    const seconds = blob.readBigUInt64LE(o + 8);
    stamps.push({
      attid: blob.readUInt32LE(o),
      version: blob.readUInt32LE(o + 4),
      originatingTime: new Date(Number((seconds - EPOCH_1601_TO_1970_S) * 1000n)).toISOString(),
      originatingInvocationId: guidToString(blob.subarray(o + 16, o + 32)),
      originatingUsn: Number(blob.readBigUInt64LE(o + 32)),
      localUsn: Number(blob.readBigUInt64LE(o + 40)),
    });
  }
  return stamps;
}

export function stampOf(stamps: readonly ReplStamp[], attid: number): ReplStamp | undefined {
  return stamps.find((s) => s.attid === attid);
}

/** Two DCs hold the same write of an attribute: same version, originating DC and time (local USNs differ). */
export function sameWrite(a: ReplStamp | undefined, b: ReplStamp | undefined): boolean {
  if (!a || !b) return false;
  return (
    a.version === b.version &&
    a.originatingInvocationId === b.originatingInvocationId &&
    a.originatingTime === b.originatingTime &&
    a.originatingUsn === b.originatingUsn
  );
}
