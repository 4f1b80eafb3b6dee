// Domain-level facts for the planner: the domain SID and password policy, every PSO, the krbtgt
// accounts (krbtgt and the read-only DCs' krbtgt_NNNNN, as identities of accountType 'krbtgt'),
// and the privileged groups found by well-known SID.
import type { Client } from 'ldapts';
import type { Identity } from '../../core/identity.ts';
import { firstBuffer } from './ldap-values.ts';
import { mapUserEntry, binaryAttributes, userAttributes } from './map-user-entry.ts';
import { psoAttributes, psoFromEntry, type PasswordPolicy } from './password-policy.ts';
import { loadPrivilegedIndex, type PrivilegedGroup, type PrivilegedIndex } from './privileged-membership.ts';
import { decodeSid } from './sid.ts';
import { isKrbtgtName } from './well-known-sids.ts';
import { psoContainerDn, readDomainDn, readDomainPolicy } from './link-password-policy.ts';

export interface AdDomain {
  domainDn: string;
  domainSid: string;
  passwordPolicy: PasswordPolicy;
  psos: PasswordPolicy[];
  krbtgtAccounts: Array<Identity & { keyVersionNumber?: number }>;
  privilegedGroups: PrivilegedGroup[];
}

export async function readDomainSid(client: Client, domainDn: string): Promise<string> {
  const { searchEntries } = await client.search(domainDn, {
    scope: 'base',
    attributes: ['objectSid'],
    explicitBufferAttributes: ['objectSid'],
  });
  return decodeSid(firstBuffer(searchEntries[0] ?? {}, 'objectSid')!);
}

export async function readPsos(client: Client, domainDn: string): Promise<PasswordPolicy[]> {
  const { searchEntries } = await client.search(psoContainerDn(domainDn), {
    scope: 'one',
    filter: '(objectClass=msDS-PasswordSettings)',
    attributes: psoAttributes,
  });
  return searchEntries.map((e) => psoFromEntry(e.dn, e));
}

export async function discoverDomain(
  client: Client,
  directory: string,
  extraGroups: readonly string[],
): Promise<AdDomain & { index: PrivilegedIndex }> {
  const domainDn = await readDomainDn(client);
  const domainSid = await readDomainSid(client, domainDn);
  const index = await loadPrivilegedIndex(client, { domainDn, domainSid, extraGroups });
  const { searchEntries } = await client.search(domainDn, {
    scope: 'sub',
    filter: '(&(objectClass=user)(sAMAccountName=krbtgt*))',
    attributes: [...userAttributes, 'msDS-KeyVersionNumber'],
    explicitBufferAttributes: binaryAttributes,
  });
  const krbtgtAccounts = searchEntries
    .filter((e) => isKrbtgtName(String(e.sAMAccountName)))
    .map((e) => ({ ...mapUserEntry(e, directory, index), keyVersionNumber: Number(e['msDS-KeyVersionNumber'] ?? 0) }));
  return {
    domainDn,
    domainSid,
    passwordPolicy: await readDomainPolicy(client, domainDn),
    psos: await readPsos(client, domainDn),
    krbtgtAccounts,
    privilegedGroups: index.roots,
    index,
  };
}
