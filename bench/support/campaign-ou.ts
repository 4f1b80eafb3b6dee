// The AD side of bench/campaign-100k.ts: N accounts in their own OU of the campaign DC
// (campaign-lab.ts: its snapshot keeps them for later runs; a run with the same N finds them and
// creates only what is missing). Created enabled without a password (userAccountControl NORMAL_ACCOUNT |
// PASSWD_NOTREQD: no password hashing on the DC, and a disabled account would be planned as
// inactive) by seed-ad-accounts.py, in ldb's batch mode straight into the DC's database (an add
// over LDAP costs the DC time in proportion to the domain's size: 30-35 adds/s at 36,000 users).
// Before a run every account is set back to "may sign in" (pwdLastSet=-1), untimed; after it, each
// account's pwdLastSet and the version of its pwdLastSet replication metadata (how many
// originating writes it has had) are read back: a must-change written twice shows as two versions.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'ldapts';
import { ldapChange } from '../../src/directories/ad/ldap-change.ts';
import type { readLabInfo } from '../../src/lab/samba/lab-info.ts';
import { SYSTEM_PYTHON } from '../../src/lab/samba/run-lab-tool.ts';
import { inLanes } from './bench-ou.ts';

/** attributeID of pwdLastSet (1.2.840.113556.1.4.96) in replPropertyMetaData. */
const PWD_LAST_SET_ATTID = 0x90060;

type LabInfo = ReturnType<typeof readLabInfo>;

/** `n` connections bound as the lab's Administrator, to `url` (default: the first DC). */
export async function adminClients(info: LabInfo, n: number, url = info.dcs[0]!.url): Promise<Client[]> {
  const password = readFileSync(info.admin.passwordFile, 'utf8').trim();
  return Promise.all(
    Array.from({ length: n }, async () => {
      const c = new Client({
        url,
        tlsOptions: { ca: [readFileSync(info.caFile)] },
        timeout: 300_000,
      });
      await c.bind(info.admin.upn, password);
      return c;
    }),
  );
}

/** sAMAccountName is unique in the domain: the OU's size is part of it (at most 20 characters). */
export const samOf = (count: number, i: number) => `c${count}-${String(i).padStart(6, '0')}`;

async function accounts(client: Client, ouDn: string, attributes: string[]) {
  const { searchEntries } = await client.search(ouDn, {
    scope: 'one',
    filter: '(objectClass=user)',
    attributes,
    explicitBufferAttributes: ['replPropertyMetaData'],
    paged: { pageSize: 1000 },
  });
  return searchEntries;
}

/** The OU's accounts (created when missing), their DNs in order; `log` hears the progress. */
export async function ensureCampaignOu(
  clients: Client[],
  dc: { dir: string },
  ouDn: string,
  count: number,
  log: (line: string) => void,
): Promise<{ dns: string[]; created: number; seconds: number }> {
  const started = performance.now();
  await clients[0]!.add(ouDn, { objectClass: ['top', 'organizationalUnit'] }).catch(() => undefined);
  const have = new Set((await accounts(clients[0]!, ouDn, ['sAMAccountName'])).map((e) => String(e.sAMAccountName)));
  const missing = Array.from({ length: count }, (_, i) => samOf(count, i)).filter((s) => !have.has(s));
  if (missing.length > 0) {
    log(`creating ${missing.length} accounts in ${ouDn} (kept for later runs)`);
    await seedAccounts(dc.dir, ouDn, missing, (created) =>
      log(
        `  created ${created}/${missing.length} (${(created / ((performance.now() - started) / 1000)).toFixed(0)}/s)`,
      ),
    );
  }
  const dns = (await accounts(clients[0]!, ouDn, ['1.1'])).map((e) => e.dn).sort();
  return { dns, created: missing.length, seconds: (performance.now() - started) / 1000 };
}

/** seed-ad-accounts.py on the DC's own database; rejects with the script's last output lines. */
function seedAccounts(dcDir: string, ouDn: string, sams: string[], progress: (created: number) => void): Promise<void> {
  const script = join(import.meta.dirname, 'seed-ad-accounts.py');
  const child = spawn(
    SYSTEM_PYTHON,
    [script, join(dcDir, 'private', 'sam.ldb'), join(dcDir, 'etc', 'smb.conf'), ouDn],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    output += text;
    for (const m of text.matchAll(/created (\d+)/g)) progress(Number(m[1]));
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    output += text;
  });
  child.stdin.end(`${sams.join('\n')}\n`);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`seed-ad-accounts.py exited ${code}: ${output.split('\n').slice(-8).join('\n')}`)),
    );
  });
}

/** Every account back to "may sign in" (pwdLastSet=-1), many in flight. */
export async function resetPwdLastSet(clients: Client[], dns: readonly string[]): Promise<void> {
  let lane = 0;
  await inLanes(dns, clients.length * 32, async (dn) => {
    await clients[lane++ % clients.length]!.modify(dn, [ldapChange('replace', 'pwdLastSet', '-1')]);
  });
}

/** Per DN: whether it must change its password (pwdLastSet=0) and its pwdLastSet metadata version. */
export async function readPwdLastSet(
  client: Client,
  ouDn: string,
): Promise<Map<string, { mustChange: boolean; version: number }>> {
  const entries = await accounts(client, ouDn, ['pwdLastSet', 'replPropertyMetaData']);
  return new Map(
    entries.map((e) => [
      e.dn,
      { mustChange: String(e.pwdLastSet) === '0', version: attributeVersion(e.replPropertyMetaData as Buffer) },
    ]),
  );
}

/** The version of pwdLastSet in a replPropertyMetaData blob (layout: unicode-pwd-metadata.ts). */
function attributeVersion(blob: Buffer | undefined): number {
  if (!blob || blob.length < 16) return 0;
  const count = blob.readUInt32LE(8);
  for (let i = 0; i < count && 16 + (i + 1) * 48 <= blob.length; i++)
    if (blob.readUInt32LE(16 + i * 48) === PWD_LAST_SET_ATTID) return blob.readUInt32LE(16 + i * 48 + 4);
  return 0;
}

/** The DC's own must-change rate with no journal: 4 connections x 32 in flight over `dns`. */
export async function dcLimit(clients: Client[], dns: readonly string[]): Promise<number> {
  let lane = 0;
  const started = performance.now();
  await inLanes(dns, clients.length * 32, async (dn) => {
    await clients[lane++ % clients.length]!.modify(dn, [ldapChange('replace', 'pwdLastSet', '0')]);
  });
  return dns.length / ((performance.now() - started) / 1000);
}
