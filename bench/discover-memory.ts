// `npm run bench -- discover-memory [--small N] [--large M] [--heap-cap MB] [--time-scale S]`: the
// peak memory of `reclaim discover` at two tenant sizes (default 20,000 and 200,000 cloud users,
// half of them synced from an AD account with its immutable id and SID, a third with registered
// methods, every one with a last sign-in) in a Graph emulator tenant started in this process and
// seeded through its control API. Each size is discovered in a process of its own with V8's old
// space capped (default 128 MB), by the code `reclaim discover` runs (discoverDirectories over the
// configured SQLite store and Entra directory), its peak RSS the kernel's high-water mark. What
// differs from the command: Graph's report limits (5 requests per 10 s, last sign-ins 10 a minute)
// would make 200,000 users take over an hour, so the emulator runs S times faster (default 0.001)
// and the directory's report pacers are scaled the same way (the same requests, the same pages,
// the same limits in emulator time); and the AD side of the synced half is a synthetic directory
// in the child (made up from the index, no DC), stored first, the Entra users linked to it.
// Flat: both complete under the cap and the large tenant's peak RSS is within 1.25x the small one's.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { discoverDirectories } from '../src/app/campaign/discover-directories.ts';
import { recordTriage } from '../src/app/campaign/record-triage.ts';
import { composeApp } from '../src/app/compose-app.ts';
import { createEntraDirectory } from '../src/app/directories/create-entra-directory.ts';
import type { Identity } from '../src/core/identity.ts';
import { decodeGuid } from '../src/directories/ad/sid.ts';
import type { Directory } from '../src/directories/directory-port.ts';
import { startGraphEmulator } from '../src/lab/graph/graph-emulator.ts';
import { labDir } from '../src/lab/samba/lab-info.ts';
import { ensureLabCa, issueServerCert } from '../src/lab/tls/lab-ca.ts';
import { numberArg } from './support/number-arg.ts';

interface Discovered {
  users: number;
  identities: number;
  linked: number;
  seconds: number;
  peakRssMb: number;
  outOfHeap?: true;
}

const log = (line: string) => process.stderr.write(`discover-memory: ${line}\n`);

/** The child: `reclaim discover` over the config in `dir`, report pacers scaled by `timeScale`. */
async function child(dir: string, timeScale: number, users: number): Promise<void> {
  const configFile = join(dir, 'reclaim.yaml');
  const app = composeApp(
    { configFile, operator: 'bench' },
    (config, env) =>
      new Map([
        ...config.directories.map((d): [string, Directory] => {
          if (d.kind !== 'entra') throw new Error('discover-memory configures one Entra directory');
          const tuning = {
            env,
            reportsQuota: { requests: 5, windowMs: 10_000 * timeScale },
            signInActivity: { requests: 10, windowMs: 60_000 * timeScale },
          };
          return [d.id, createEntraDirectory(d, tuning)];
        }),
        ['corp', syntheticAd(users)],
      ]),
  );
  // the campaign discover fills, as `reclaim triage` makes it
  await recordTriage(app, { answers: { indicators: {}, knownCompromisedAccounts: [] } });
  const started = performance.now();
  let reported = 0;
  const result = await discoverDirectories(app, {
    onPage: (directory, total) => {
      if (total - reported < 10_000) return;
      reported = total;
      log(`${directory}: ${total} identities stored, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  await app.close();
  console.log(
    JSON.stringify({
      identities: result.directories.reduce((n, d) => n + d.identities, 0),
      linked: result.directories.reduce((n, d) => n + d.linked, 0),
      seconds: Number(seconds.toFixed(1)),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}

async function parent(): Promise<void> {
  const small = numberArg('--small', 20_000);
  const large = numberArg('--large', 200_000);
  const heapCapMb = numberArg('--heap-cap', 128);
  const timeScale = numberArg('--time-scale', 0.001);
  const ca = ensureLabCa(join(labDir(), 'ca'));
  const cert = issueServerCert(ca, 'graph', { dnsNames: ['localhost'], ips: ['127.0.0.1'] });
  const emulator = await startGraphEmulator({
    tls: { certPem: cert.certPem, keyPem: cert.keyPem },
    seed: { cloudUsers: 0, syntheticSyncedUsers: false },
    timeScale,
  });
  const app = emulator.apps.find((a) => a.name === 'reclaim-privileged');
  if (!app) throw new Error('the emulator has no app reclaim-privileged');
  let seeded = emulator.control.listUsers().length;
  const grow = (to: number) => {
    for (; seeded < to; ) {
      const n = Math.min(10_000, to - seeded);
      emulator.control.seedUsers(Array.from({ length: n }, (_, j) => aUser(seeded + j)));
      seeded += n;
    }
  };
  const runs: Discovered[] = [];
  try {
    for (const size of [small, large]) {
      grow(size);
      log(`${seeded} users in the tenant; discovering under a ${heapCapMb} MB old space`);
      const run = await discoverIn(emulator.url, emulator.tenantId, app, ca.caFile, heapCapMb, timeScale, seeded);
      runs.push({ users: seeded, ...run });
      log(
        run.outOfHeap
          ? `${seeded} users: ran out of its ${heapCapMb} MB heap after ${run.seconds} s`
          : `${seeded} users: ${run.identities} identities (${run.linked} linked) in ${run.seconds} s, ` +
              `peak RSS ${run.peakRssMb} MB`,
      );
    }
  } finally {
    await emulator.stop();
  }
  const [s, l] = runs as [Discovered, Discovered];
  const ratio = !s.outOfHeap && !l.outOfHeap ? Number((l.peakRssMb / s.peakRssMb).toFixed(2)) : null;
  console.log(
    JSON.stringify({
      bench: 'discover-memory',
      metric: `peak RSS of \`reclaim discover\` at ${l.users} cloud users over ${s.users}, old space capped at ${heapCapMb} MB`,
      value: ratio,
      small: s,
      large: l,
      heapCapMb,
      target: '<= 1.25 (flat), both within the cap',
      ok: ratio !== null && ratio <= 1.25,
    }),
  );
}

/** The objectGUID and objectSid of the AD account cloud user i is synced from (every other one). */
function adAnchors(i: number): { guid: Buffer; sid: string } {
  const guid = Buffer.alloc(16);
  guid.writeUInt32LE(i, 0);
  guid.writeUInt32LE(0x5eed, 12);
  return { guid, sid: `S-1-5-21-1000-2000-3000-${10_000 + i}` };
}

/**
 * The AD side of the synced users, made up from the index (no DC: the figure is discover's memory),
 * in pages of 1,000 as the AD adapter yields them: the store holds them and the Entra pages link to them.
 */
function syntheticAd(users: number): Directory {
  const unused = async (): Promise<never> => {
    throw new Error('discover-memory only discovers');
  };
  return {
    id: 'corp',
    kind: 'ad',
    supports: [],
    async *discover() {
      for (let from = 0; from < users; from += 2000) {
        const page: Identity[] = [];
        for (let i = from; i < Math.min(users, from + 2000); i += 2) {
          const { guid, sid } = adAnchors(i);
          page.push({
            directory: 'corp',
            kind: 'ad',
            key: decodeGuid(guid),
            name: `user${i}`,
            dn: `CN=user${i},OU=Staff,DC=corp,DC=example`,
            sid,
            accountType: 'user',
            enabled: true,
            passwordNeverExpires: false,
            smartcardRequired: false,
            cannotChangePassword: false,
            passwordLastSetAt: '2026-10-01T08:00:00.000Z',
            mustChangePassword: false,
            lastLogonAt: '2026-11-20T08:00:00.000Z',
            memberOf: [],
            servicePrincipalNames: [],
            privileged: [],
            department: `Department ${i % 200}`,
            attributes: {},
          });
        }
        yield page;
      }
    },
    apply: unused,
    readCredentialState: unused,
    close: async () => undefined,
  };
}

/** A cloud user, deterministic in i: every other one synced, a third with registered methods. */
function aUser(i: number) {
  const upn = `dm.user${i}@reclaimlab.onmicrosoft.com`;
  const { guid, sid } = adAnchors(i);
  return {
    userPrincipalName: upn,
    department: `Department ${i % 200}`,
    ...(i % 3 === 0 ? { methods: ['microsoftAuthenticatorPush'] } : {}),
    ...(i % 2 === 0
      ? {
          onPremises: {
            immutableId: guid.toString('base64'),
            securityIdentifier: sid,
            samAccountName: `user${i}`,
            distinguishedName: `CN=user${i},OU=Staff,DC=corp,DC=example`,
            domainName: 'corp.example',
          },
        }
      : {}),
  };
}

/** `reclaim discover` into a fresh store, in a process of its own with the old space capped. */
async function discoverIn(
  url: string,
  tenantId: string,
  app: { clientId: string; clientSecret: string },
  caFile: string,
  heapCapMb: number,
  timeScale: number,
  users: number,
): Promise<Omit<Discovered, 'users'>> {
  const dir = mkdtempSync(join(tmpdir(), 'reclaim-discover-memory-'));
  try {
    writeFileSync(join(dir, 'app.secret'), app.clientSecret, { mode: 0o600 });
    writeFileSync(join(dir, 'key'), `discover-memory-${process.pid}-0123456789abcdefghij`, { mode: 0o600 });
    writeFileSync(
      join(dir, 'reclaim.yaml'),
      [
        'campaign: { name: "discover-memory bench" }',
        `store: { url: "sqlite:${join(dir, 'reclaim.sqlite')}" }`,
        'directories:',
        `  - { id: cloud, kind: entra, tenantId: "${tenantId}", clientId: "${app.clientId}", clientSecret: ` +
          `"file:${join(dir, 'app.secret')}", authorityHost: "${url}", graphBaseUrl: "${url}", caFile: "${caFile}" }`,
        `engine: { passwordKey: "file:${join(dir, 'key')}" }`,
      ].join('\n'),
    );
    const started = performance.now();
    const run = await inChild([
      `--max-old-space-size=${heapCapMb}`,
      fileURLToPath(import.meta.url),
      '--child',
      dir,
      String(timeScale),
      String(users),
    ]);
    const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
    if (run.status !== 0) {
      if (/heap out of memory/.test(run.stderr))
        return { identities: 0, linked: 0, seconds, peakRssMb: 0, outOfHeap: true };
      throw new Error(`discovery exited ${run.status}: ${run.stderr.slice(-3000)}`);
    }
    return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Omit<Discovered, 'users'>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** node ARGS, its progress (stderr) passed on as it comes */
function inChild(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-20_000);
      process.stderr.write(d);
    });
    child.on('error', reject);
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

if (process.argv[2] === '--child') await child(process.argv[3]!, Number(process.argv[4]), Number(process.argv[5]));
else await parent();
