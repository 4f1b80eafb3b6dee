// How AD (and Entra Connect) tells that a password changed: the replication metadata of the
// unicodePwd attribute. Every originating write of a password (a reset, a user's change) raises
// the attribute's version and stamps its originating time; pwdLastSet=0 alone changes neither.
// replPropertyMetaData is a 16-byte header (version, reserved, count, reserved) followed by
// 48-byte entries: attid, version, originating change time (seconds since 1601), originating
// invocation id (16 bytes), originating USN, local USN ([MS-DRSR] 5.16.4 PROPERTY_META_DATA_EXT,
// https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-drsr/).

/** attributeID of unicodePwd (1.2.840.113556.1.4.90). */
export const UNICODE_PWD_ATTID = 0x9005a;

const SECONDS_1601_TO_1970 = 11_644_473_600;

export interface PasswordMetadata {
  /** how many originating writes the password has had */
  version: number;
  /** when the last one was made, epoch milliseconds */
  changedMs: number;
}

export function unicodePwdMetadata(blob: Buffer | undefined): PasswordMetadata | undefined {
  if (!blob || blob.length < 16) return undefined;
  const count = blob.readUInt32LE(8);
  for (let i = 0; i < count && 16 + (i + 1) * 48 <= blob.length; i++) {
    const at = 16 + i * 48;
    if (blob.readUInt32LE(at) !== UNICODE_PWD_ATTID) continue;
    const seconds = Number(blob.readBigUInt64LE(at + 8));
    return { version: blob.readUInt32LE(at + 4), changedMs: (seconds - SECONDS_1601_TO_1970) * 1000 };
  }
  return undefined;
}
