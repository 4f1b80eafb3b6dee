// Privileged membership, resolved by well-known SID/RID (never by name, see well-known-sids.ts) and
// transitively through nested groups. The closure is expanded in code, one LDAP search per nesting
// level per root group; `membersInChain` asks the DC for the same answer through the in-chain
// matching rule (LDAP_MATCHING_RULE_IN_CHAIN, 1.2.840.113556.1.4.1941), and a lab test proves both agree.
import { AndFilter, EqualityFilter, OrFilter, type Client, type Filter } from 'ldapts';
import type { PrivilegeReason } from '../../core/identity.ts';
import { normalizeDn } from './escape-dn.ts';
import { escapeFilterValue } from './escape-filter.ts';
import { allValues, firstBuffer, firstValue } from './ldap-values.ts';
import { decodeSid, encodeSid, ridOf } from './sid.ts';
import { dnsAdminsName, privilegedGroupSid, privilegedGroupSpecs, privilegeSource } from './well-known-sids.ts';

export const inChainRule = '1.2.840.113556.1.4.1941';

export interface PrivilegedGroup {
  dn: string;
  sid: string;
  /** as the directory spells it (localized), for display */
  name: string;
  /** 'RID 512', 'SID S-1-5-32-544', 'name DnsAdmins', 'config-group' */
  source: string;
}

export interface PrivilegedIndex {
  roots: PrivilegedGroup[];
  /** normalized DN of each group in some root's closure → the roots it leads to, with the chain */
  byGroup: Map<string, Array<{ root: PrivilegedGroup; via: string[] }>>;
  /** RID of each domain group in a closure → the same, for primaryGroupID (not listed in memberOf) */
  byRid: Map<number, Array<{ root: PrivilegedGroup; via: string[] }>>;
}

async function findRoots(
  client: Client,
  domainDn: string,
  domainSid: string,
  extraGroups: readonly string[],
): Promise<PrivilegedGroup[]> {
  const bySid = new Map(
    privilegedGroupSpecs.map((spec) => [privilegedGroupSid(spec, domainSid), privilegeSource(spec)]),
  );
  // Filter objects, not a filter string: ldapts decodes `\xx` escapes of a string filter into
  // characters and re-encodes them as UTF-8, which corrupts every SID byte above 0x7f.
  const clauses: Filter[] = [...bySid.keys()].map(
    (sid) => new EqualityFilter({ attribute: 'objectSid', value: Buffer.from(encodeSid(sid)) }),
  );
  clauses.push(
    new AndFilter({
      filters: [
        new EqualityFilter({ attribute: 'objectClass', value: 'group' }),
        new EqualityFilter({ attribute: 'sAMAccountName', value: dnsAdminsName }),
      ],
    }),
  );
  const { searchEntries } = await client.search(domainDn, {
    scope: 'sub',
    filter: new OrFilter({ filters: clauses }),
    attributes: ['objectSid', 'sAMAccountName'],
    explicitBufferAttributes: ['objectSid'],
  });
  const roots: PrivilegedGroup[] = searchEntries.map((e) => {
    const sid = decodeSid(firstBuffer(e, 'objectSid')!);
    const name = firstValue(e, 'sAMAccountName') ?? e.dn;
    return { dn: e.dn, sid, name, source: bySid.get(sid) ?? `name ${dnsAdminsName}` };
  });
  for (const dn of extraGroups) {
    const found = await client.search(dn, {
      scope: 'base',
      attributes: ['objectSid', 'sAMAccountName'],
      explicitBufferAttributes: ['objectSid'],
    });
    const e = found.searchEntries[0];
    if (e)
      roots.push({
        dn: e.dn,
        sid: decodeSid(firstBuffer(e, 'objectSid')!),
        name: firstValue(e, 'sAMAccountName') ?? dn,
        source: 'config-group',
      });
  }
  return roots;
}

/** Every group nested (at any depth) in `root`, with the chain from it up to the root. */
async function expandRoot(
  client: Client,
  domainDn: string,
  root: PrivilegedGroup,
): Promise<Map<string, { dn: string; sid: string; via: string[] }>> {
  const found = new Map<string, { dn: string; sid: string; via: string[] }>();
  found.set(normalizeDn(root.dn), { dn: root.dn, sid: root.sid, via: [root.dn] });
  let frontier = [root.dn];
  while (frontier.length > 0) {
    const level = new Map(frontier.map((dn) => [normalizeDn(dn), dn]));
    const next: string[] = [];
    for (let i = 0; i < frontier.length; i += 50) {
      const chunk = frontier
        .slice(i, i + 50)
        .map((dn) => `(memberOf=${escapeFilterValue(dn)})`)
        .join('');
      const { searchEntries } = await client.search(domainDn, {
        scope: 'sub',
        filter: `(&(objectClass=group)(|${chunk}))`,
        attributes: ['objectSid', 'memberOf'],
        explicitBufferAttributes: ['objectSid'],
      });
      for (const e of searchEntries) {
        const key = normalizeDn(e.dn);
        if (found.has(key)) continue; // cycles and diamonds: the first (shortest) chain wins
        const parent = allValues(e, 'memberOf')
          .map(normalizeDn)
          .find((p) => level.has(p));
        const parentChain = parent ? found.get(parent)!.via : [root.dn];
        found.set(key, { dn: e.dn, sid: decodeSid(firstBuffer(e, 'objectSid')!), via: [e.dn, ...parentChain] });
        next.push(e.dn);
      }
    }
    frontier = next;
  }
  return found;
}

export async function loadPrivilegedIndex(
  client: Client,
  options: { domainDn: string; domainSid: string; extraGroups?: readonly string[] },
): Promise<PrivilegedIndex> {
  const roots = await findRoots(client, options.domainDn, options.domainSid, options.extraGroups ?? []);
  const byGroup: PrivilegedIndex['byGroup'] = new Map();
  const byRid: PrivilegedIndex['byRid'] = new Map();
  for (const root of roots) {
    for (const [key, group] of await expandRoot(client, options.domainDn, root)) {
      const link = { root, via: group.via };
      byGroup.set(key, [...(byGroup.get(key) ?? []), link]);
      if (group.sid.startsWith(`${options.domainSid}-`))
        byRid.set(ridOf(group.sid), [...(byRid.get(ridOf(group.sid)) ?? []), link]);
    }
  }
  return { roots, byGroup, byRid };
}

/**
 * Why an identity is privileged, from its direct groups (through the closure) and its primary group.
 * adminCount is not a reason: AD's SDProp sets it but never clears it, so an account removed from
 * its admin groups keeps adminCount=1 (an orphan). Readiness lists those (orphan-admin-count).
 */
export function privilegeReasons(
  index: PrivilegedIndex,
  memberOf: readonly string[],
  primaryGroupId: number | undefined,
): PrivilegeReason[] {
  const best = new Map<string, PrivilegeReason>();
  const consider = (links: Array<{ root: PrivilegedGroup; via: string[] }> | undefined) => {
    for (const { root, via } of links ?? []) {
      const current = best.get(root.sid);
      if (!current || (current.via?.length ?? 0) > via.length)
        best.set(root.sid, { source: root.source, name: root.name, via });
    }
  };
  for (const dn of memberOf) consider(index.byGroup.get(normalizeDn(dn)));
  if (primaryGroupId !== undefined) consider(index.byRid.get(primaryGroupId));
  return [...best.values()];
}

/** The DC's own answer (in-chain rule): DNs of every object nested in `groupDn`, at any depth. */
export async function membersInChain(client: Client, baseDn: string, groupDn: string): Promise<string[]> {
  const { searchEntries } = await client.search(baseDn, {
    scope: 'sub',
    filter: `(memberOf:${inChainRule}:=${escapeFilterValue(groupDn)})`,
    attributes: ['1.1'],
    paged: { pageSize: 1000 },
  });
  return searchEntries.map((e) => e.dn);
}
