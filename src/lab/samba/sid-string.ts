// Binary SID (as LDAP returns objectSid) to its S-1-5-21-... string form ([MS-DTYP] 2.4.2.2).
export function sidToString(sid: Buffer): string {
  const revision = sid.readUInt8(0);
  const count = sid.readUInt8(1);
  const authority = sid.readUIntBE(2, 6);
  const parts = [`S-${revision}-${authority}`];
  for (let i = 0; i < count; i++) parts.push(String(sid.readUInt32LE(8 + i * 4)));
  return parts.join('-');
}
