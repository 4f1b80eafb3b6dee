// Streams the users (and managed service accounts) under the configured base DNs, one page at a
// time: ldapts' searchPaginated yields each page as it arrives, and nothing is kept after a page
// is handed over, so memory stays flat whatever the size of the domain (two pages at most: the
// next page is asked for while the caller maps and stores this one, so the DC works meanwhile).
import type { Client } from 'ldapts';
import type { Identity } from '../../core/identity.ts';
import { normalizeDn } from './escape-dn.ts';
import { binaryAttributes, mapUserEntry, userAttributes } from './map-user-entry.ts';
import type { PrivilegedIndex } from './privileged-membership.ts';

/** Normal user accounts (sAMAccountType 805306368) and standalone/group managed service accounts; not computers. */
export const userFilter =
  '(|(sAMAccountType=805306368)(objectClass=msDS-ManagedServiceAccount)(objectClass=msDS-GroupManagedServiceAccount))';

/** Whether `dn` is one of the base DNs or below one. */
export function underBaseDns(dn: string, baseDns: readonly string[]): boolean {
  const n = normalizeDn(dn);
  return baseDns.some((base) => {
    const b = normalizeDn(base);
    return n === b || n.endsWith(`,${b}`);
  });
}

/**
 * SAFETY: the domain's krbtgt and every read-only DC's krbtgt_NNNNN, read from the whole domain by
 * discoverDomain, that the configured base DNs do not cover (krbtgt lives in CN=Users, which an
 * OU-scoped campaign leaves out): a forged-ticket key must never drop silently out of the plan
 * because of the scope. Returned as plain identities, for the discovery stream.
 */
export function krbtgtOutsideBaseDns(
  krbtgtAccounts: ReadonlyArray<Identity & { keyVersionNumber?: number }>,
  baseDns: readonly string[],
): Identity[] {
  return krbtgtAccounts
    .filter((k) => !k.dn || !underBaseDns(k.dn, baseDns))
    .map(({ keyVersionNumber: _kvno, ...identity }) => identity);
}

/** Drops base DNs inside another configured base DN, so no identity is listed twice. */
export function outermostBaseDns(baseDns: readonly string[]): string[] {
  const norm = baseDns.map((dn) => ({ dn, n: normalizeDn(dn) }));
  return norm
    .filter(
      (a) => !norm.some((b) => b !== a && (a.n === b.n ? norm.indexOf(b) < norm.indexOf(a) : a.n.endsWith(`,${b.n}`))),
    )
    .map((a) => a.dn);
}

export async function* discoverUsers(
  client: Client,
  options: { directory: string; baseDns: readonly string[]; pageSize: number; index: PrivilegedIndex },
): AsyncGenerator<Identity[]> {
  for (const base of outermostBaseDns(options.baseDns)) {
    const pages = oneAhead(
      client.searchPaginated(base, {
        scope: 'sub',
        filter: userFilter,
        attributes: userAttributes,
        explicitBufferAttributes: binaryAttributes,
        paged: { pageSize: options.pageSize },
      }),
    );
    for await (const page of pages) {
      if (page.searchEntries.length > 0)
        yield page.searchEntries.map((e) => mapUserEntry(e, options.directory, options.index));
    }
  }
}

/**
 * Yields what `source` yields, asking it for the next item before handing over the current one:
 * a paged search sends its next request (it needs only the previous page's cookie) while the
 * consumer works on this page, instead of after.
 */
export async function* oneAhead<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = source.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done) return;
      next = source.next();
      // a failure of the step ahead surfaces at the next `await next`, not as an unhandled rejection
      next.catch(() => undefined);
      yield current.value;
    }
  } finally {
    // the consumer stopped early (or failed): close the source once its pending step settles
    await next.catch(() => undefined);
    await source.return(undefined);
  }
}
