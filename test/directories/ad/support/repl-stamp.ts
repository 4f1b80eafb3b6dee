// The replPropertyMetaData version of one attribute: an NDR blob (version 1, then 48-byte entries
// {attid, version, originating time, invocationId, originating USN, local USN}; samba-multi-dc.md).
// unicodePwd is attid 0x9005a: its version moves on every password change, even when the DC
// generated the password itself (smart-card flag) and pwdLastSet did not move.
import type { Client } from 'ldapts';

export const attids = { unicodePwd: 0x9005a, pwdLastSet: 0x90060, userAccountControl: 0x90008 } as const;

export function attributeVersion(meta: Buffer, attid: number): number | undefined {
  const count = meta.readUInt32LE(8);
  for (let i = 0; i < count; i++) {
    const offset = 16 + i * 48;
    if (meta.readUInt32LE(offset) === attid) return meta.readUInt32LE(offset + 4);
  }
  return undefined;
}

export async function readAttributeVersion(client: Client, dn: string, attid: number): Promise<number | undefined> {
  const { searchEntries } = await client.search(dn, {
    scope: 'base',
    attributes: ['replPropertyMetaData'],
    explicitBufferAttributes: ['replPropertyMetaData'],
  });
  return attributeVersion(searchEntries[0]!.replPropertyMetaData as Buffer, attid);
}
