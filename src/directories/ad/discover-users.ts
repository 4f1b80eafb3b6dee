// Streams the users (and managed service accounts) under the configured base DNs, one page at a
// time: ldapts' searchPaginated yields each page as it arrives, and nothing is kept after a page
// is handed over, so memory stays flat whatever the size of the domain.
import type { Client } from 'ldapts';
import type { Identity } from '../../core/identity.ts';
import { normalizeDn } from './escape-dn.ts';
import { binaryAttributes, mapUserEntry, userAttributes } from './map-user-entry.ts';
import type { PrivilegedIndex } from './privileged-membership.ts';

/** Normal user accounts (sAMAccountType 805306368) and standalone/group managed service accounts; not computers. */
export const userFilter = '(|(sAMAccountType=805306368)(objectClass=msDS-ManagedServiceAccount)(objectClass=msDS-GroupManagedServiceAccount))';

/** Drops base DNs inside another configured base DN, so no identity is listed twice. */
export function outermostBaseDns(baseDns: readonly string[]): string[] {
  const norm = baseDns.map((dn) => ({ dn, n: normalizeDn(dn) }));
  return norm.filter((a) => !norm.some((b) => b !== a && (a.n === b.n ? norm.indexOf(b) < norm.indexOf(a) : a.n.endsWith(`,${b.n}`)))).map((a) => a.dn);
}

export async function* discoverUsers(
  client: Client,
  options: { directory: string; baseDns: readonly string[]; pageSize: number; index: PrivilegedIndex },
): AsyncGenerator<Identity[]> {
  for (const base of outermostBaseDns(options.baseDns)) {
    const pages = client.searchPaginated(base, {
      scope: 'sub',
      filter: userFilter,
      attributes: userAttributes,
      explicitBufferAttributes: binaryAttributes,
      paged: { pageSize: options.pageSize },
    });
    for await (const page of pages) {
      if (page.searchEntries.length > 0) yield page.searchEntries.map((e) => mapUserEntry(e, options.directory, options.index));
    }
  }
}
