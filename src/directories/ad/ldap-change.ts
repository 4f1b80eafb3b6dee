// One LDAP modification, built the way Samba and AD accept them (values as strings or raw Buffers).
import { Attribute, Change } from 'ldapts';

export function ldapChange(
  operation: 'add' | 'delete' | 'replace',
  type: string,
  ...values: Array<string | Buffer>
): Change {
  return new Change({ operation, modification: new Attribute({ type, values: values as string[] }) });
}
