// Lab access for AD tests: admin and operator connections, a private OU per test file (created
// under the operator's delegated tree, OU=Corp, unless told otherwise), users with awkward names,
// and tree delete afterwards.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client, Control } from 'ldapts';
import type { AdDirectoryConfig } from '../../../../src/app/config/config-schema.ts';
import { escapeDnValue } from '../../../../src/directories/ad/escape-dn.ts';
import { readLabInfo, type LabInfo } from '../../../../src/lab/samba/lab-info.ts';
import { decodeGuid } from '../../../../src/directories/ad/sid.ts';

export const treeDeleteControl = new Control('1.2.840.113556.1.4.805', { critical: true });

export function lab(): LabInfo {
  return readLabInfo();
}

export async function adminClient(info: LabInfo = lab()): Promise<Client> {
  const client = new Client({
    url: info.dcs[0]!.url,
    tlsOptions: { ca: [readFileSync(info.caFile)] },
    timeout: 60_000,
    connectTimeout: 5_000,
  });
  await client.bind(info.admin.upn, readFileSync(info.admin.passwordFile, 'utf8').trim());
  return client;
}

/** An `ad` directory config as an operator would write it, for the lab. */
export function labAdConfig(
  info: LabInfo,
  overrides: Partial<AdDirectoryConfig> = {},
  account: 'operator' | 'admin' = 'operator',
): AdDirectoryConfig {
  return {
    id: 'lab-ad',
    kind: 'ad',
    urls: info.dcs.map((dc) => dc.url),
    startTls: false,
    readOnly: false,
    baseDns: [info.baseDn],
    bindDn: info[account].upn,
    password: `file:${info[account].passwordFile}`,
    caFile: info.caFile,
    connectTimeoutMs: 5000,
    operationTimeoutMs: 30000,
    pageSize: 500,
    maxConcurrency: 4,
    connections: 4,
    privilegedGroups: [],
    ...overrides,
  };
}

export function testPassword(): string {
  return `Tp!${randomBytes(12).toString('base64url')}9a`;
}

/** A short unique sAMAccountName (at most 20 characters). */
export function uniqueSam(prefix: string): string {
  return `${prefix}${randomBytes(5).toString('hex')}`.slice(0, 20);
}

/** Awkward CNs: every RFC 4514 special character and non-ASCII letters. */
export const awkwardNames = [
  'Doe, John',
  'a+b "quoted" \\ back',
  '<angle>; semi',
  '#hash = equals',
  'Jürgen Ødegård-Łukasz',
  ' lead and trail ',
];

export interface CreatedUser {
  dn: string;
  sam: string;
  guid: string;
  password: string;
}

export async function createOu(client: Client, parentDn: string, prefix = 'ad-tests'): Promise<string> {
  const dn = `OU=${prefix}-${randomUUID().slice(0, 8)},${parentDn}`;
  await client.add(dn, { objectClass: ['top', 'organizationalUnit'] });
  return dn;
}

export async function createUser(
  client: Client,
  ouDn: string,
  options: {
    cn?: string;
    sam?: string;
    uac?: number;
    password?: string | null;
    extra?: Record<string, string | string[]>;
  } = {},
): Promise<CreatedUser> {
  const sam = options.sam ?? uniqueSam('t');
  const cn = options.cn ?? sam;
  const dn = `CN=${escapeDnValue(cn)},${ouDn}`;
  const password = options.password === null ? '' : (options.password ?? testPassword());
  const entry: Record<string, string | string[] | Buffer> = {
    objectClass: ['top', 'person', 'organizationalPerson', 'user'],
    sAMAccountName: sam,
    userPrincipalName: `${sam}@${lab().realm.toLowerCase()}`,
    userAccountControl: String(options.uac ?? (options.password === null ? 514 : 512)),
    ...options.extra,
  };
  if (options.password !== null) entry.unicodePwd = Buffer.from(`"${password}"`, 'utf16le');
  await client.add(dn, entry as Record<string, string | string[]>);
  const { searchEntries } = await client.search(dn, {
    scope: 'base',
    attributes: ['objectGUID'],
    explicitBufferAttributes: ['objectGUID'],
  });
  const guid = decodeGuid(searchEntries[0]!.objectGUID as Buffer);
  return { dn: searchEntries[0]!.dn, sam, guid, password };
}

export async function treeDelete(client: Client, dn: string): Promise<void> {
  await client.del(dn, treeDeleteControl).catch(() => undefined);
}
