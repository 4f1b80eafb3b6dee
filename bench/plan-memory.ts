// `npm run bench -- plan-memory [--count N] [--heap-cap MB] [--keep] [--no-services]`: the peak
// memory of `reclaim plan` on a SQLite store seeded with N discovered identities (60 % AD users,
// half of them synced to an Entra side, 10 % cloud-only), run as a user runs it (bin/reclaim.mjs
// in a child process, peak RSS from the kernel's high-water mark). Memory flat in the number of
// identities is the target (issue 17): run it at two sizes and compare; --heap-cap MB runs each
// child with --max-old-space-size=MB, so a step whose memory grows fails instead of growing.
// Prints the version id and the sha-256 of `plan export` (both change with the creation time)
// and the plan's content hash (which leaves it out), so two builds can be checked to make the
// same plan from the same seed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../src/app/create-app.ts';
import { recordTriage } from '../src/app/campaign/record-triage.ts';
import type { Identity } from '../src/core/identity.ts';
import { finishSnapshot } from '../src/store/identities/finish-snapshot.ts';
import { insertIdentities } from '../src/store/identities/insert-identities.ts';
import { startSnapshot } from '../src/store/identities/start-snapshot.ts';
import { operatorToken } from '../test/support/proven-operator.ts';
import { numberArg } from './support/number-arg.ts';

const count = numberArg('--count', 20_000);
const heapCapMb = numberArg('--heap-cap', 0);
const bin = fileURLToPath(new URL('../bin/reclaim.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'reclaim-plan-memory-'));
const configFile = join(dir, 'reclaim.yaml');
writeFileSync(join(dir, 'reclaim.key'), 'plan-memory-bench-key-0123456789abcdefghijkl', { mode: 0o600 });
writeFileSync(
  configFile,
  [
    'store: { url: "sqlite:./campaign.sqlite" }',
    'directories:',
    '  - { id: corp, kind: ad, urls: ["ldaps://127.0.0.1:1"], baseDns: ["DC=corp,DC=example"], ' +
      'bindDn: "svc@corp.example", password: "env:RECLAIM_BENCH_BIND" }',
    '  - { id: cloud, kind: entra, tenantId: "00000000-0000-0000-0000-000000000001", clientId: "00000000-0000-0000-0000-000000000002", ' +
      'clientSecret: "env:RECLAIM_BENCH_BIND", graphBaseUrl: "https://127.0.0.1:1", authorityHost: "https://127.0.0.1:1" }',
    `engine: { passwordKey: "file:${join(dir, 'reclaim.key')}" }`,
    'waves: { groupBy: department, maxSize: 5000 }',
  ].join('\n'),
);
const env: NodeJS.ProcessEnv = { ...process.env, RECLAIM_BENCH_BIND: 'x', RECLAIM_OPERATOR: 'alice' };

const departments = Array.from({ length: 200 }, (_, i) => `Department ${String(i).padStart(3, '0')}`);
const groups = ['CN=VPN-Cert,OU=Groups,DC=corp,DC=example', 'CN=Staff,OU=Groups,DC=corp,DC=example'];

/** One page of the population, deterministic in the index: the AD side, and its Entra side when synced. */
function person(i: number): { ad?: Identity; entra?: Identity } {
  const department = departments[i % departments.length] as string;
  const base = {
    accountType: 'user' as const,
    enabled: i % 25 !== 0,
    passwordNeverExpires: false,
    smartcardRequired: false,
    cannotChangePassword: false,
    passwordLastSetAt: '2026-10-01T08:00:00.000Z',
    mustChangePassword: false,
    lastLogonAt: i % 30 === 0 ? '2025-10-01T08:00:00.000Z' : '2026-11-20T08:00:00.000Z',
    servicePrincipalNames: [],
    privileged: i % 200 === 0 ? [{ source: 'RID 512', name: 'Domain Admins' }] : [],
    department,
    attributes: {},
  };
  if (i % 7 === 6)
    return {
      entra: {
        ...base,
        directory: 'cloud',
        kind: 'entra',
        key: `0000${i}-cloud-only-user`,
        name: `cloud${i}@corp.example`,
        upn: `cloud${i}@corp.example`,
        displayName: `Cloud User ${i}`,
        memberOf: [],
        privileged: [],
        registration: { ssprRegistered: i % 3 !== 0, mfaRegistered: true, phishingResistant: false, methods: [] },
      },
    };
  const sam = `user${i}`;
  const ad: Identity = {
    ...base,
    directory: 'corp',
    kind: 'ad',
    key: `ad-guid-${String(i).padStart(8, '0')}`,
    name: sam,
    dn: `CN=User ${i},OU=${department},OU=Staff,DC=corp,DC=example`,
    upn: `${sam}@corp.example`,
    displayName: `User ${i}`,
    sid: `S-1-5-21-1000-2000-3000-${10_000 + i}`,
    mail: `${sam}@corp.example`,
    memberOf: i % 4 === 0 ? [groups[0] as string, groups[1] as string] : [groups[1] as string],
    userAccountControl: 512,
  };
  if (i % 2 === 1) return { ad };
  const entraKey = `entra-id-${String(i).padStart(8, '0')}`;
  ad.linkedTo = { directory: 'cloud', key: entraKey };
  const entra: Identity = {
    ...base,
    directory: 'cloud',
    kind: 'entra',
    key: entraKey,
    name: `${sam}@corp.example`,
    upn: `${sam}@corp.example`,
    displayName: `User ${i}`,
    memberOf: [],
    privileged: [],
    onPremisesSyncEnabled: true,
    onPremisesSecurityIdentifier: ad.sid as string,
    linkedTo: { directory: 'corp', key: ad.key },
    registration: { ssprRegistered: i % 3 !== 0, mfaRegistered: true, phishingResistant: false, methods: [] },
  };
  return { ad, entra };
}

async function seed(): Promise<void> {
  const app = createApp({ configFile, env });
  try {
    const triage = await recordTriage(app, {
      answers: { indicators: { adDatabaseStaged: { answer: true } }, knownCompromisedAccounts: [] },
    });
    const store = await app.store();
    const now = new Date('2026-11-26T09:00:00.000Z');
    const snapshots = {
      corp: await startSnapshot(store, { directory: 'corp', campaignId: triage.campaignId, now }),
      cloud: await startSnapshot(store, { directory: 'cloud', campaignId: triage.campaignId, now }),
    };
    let seeded = 0;
    for (let i = 0; seeded < count; ) {
      const page = { corp: [] as Identity[], cloud: [] as Identity[] };
      for (; page.corp.length + page.cloud.length < 1000 && seeded < count; i++) {
        for (const identity of Object.values(person(i))) {
          if (seeded === count) break;
          page[identity.directory as 'corp' | 'cloud'].push(identity);
          seeded++;
        }
      }
      await insertIdentities(store, snapshots.corp, page.corp);
      await insertIdentities(store, snapshots.cloud, page.cloud);
    }
    for (const snapshotId of Object.values(snapshots)) await finishSnapshot(store, { snapshotId, now });
    env.RECLAIM_OPERATOR_TOKEN = await operatorToken(app, 'alice', 'operator');
  } finally {
    await app.close();
  }
}

/** Runs `reclaim ARGS` under /usr/bin/time: exit status, stdout, peak RSS (MB) and wall seconds. */
function reclaim(args: string[]): { stdout: string; peakRssMb: number; seconds: number } {
  const cap = heapCapMb > 0 ? [`--max-old-space-size=${heapCapMb}`] : [];
  const run = spawnSync(
    '/usr/bin/time',
    ['-f', 'TIME %M %e', process.execPath, ...cap, bin, '-c', configFile, ...args],
    {
      cwd: dir,
      env,
      encoding: 'utf8',
      maxBuffer: 2 ** 30,
    },
  );
  const m = /TIME (\d+) ([\d.]+)\s*$/.exec(run.stderr);
  if (run.status !== 0 || !m) throw new Error(`reclaim ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  return { stdout: run.stdout, peakRssMb: Number(m[1]) / 1024, seconds: Number(m[2]) };
}

try {
  await seed();
  const plan = reclaim(['plan', '--start', '2026-12-01T08:00:00.000Z', '--json']);
  const saved = JSON.parse(plan.stdout) as { versionId: string; totals: { identities: number }; waves: number };
  env.RECLAIM_OPERATOR_TOKEN = ''; // single use: spent by the plan
  const exported = reclaim(['plan', 'export']);
  const exportSha = createHash('sha256').update(exported.stdout).digest('hex');
  // the plan's content hash leaves out its creation time: equal for the same seed from run to run
  const { contentHash } = JSON.parse(reclaim(['plan', 'show', '--json']).stdout) as { contentHash: string };
  console.error(
    `plan-memory: ${count} identities -> ${saved.totals.identities} assigned in ${saved.waves} waves; ` +
      `reclaim plan ${plan.seconds} s, peak RSS ${plan.peakRssMb.toFixed(0)} MB; ` +
      `plan export peak RSS ${exported.peakRssMb.toFixed(0)} MB, sha256 ${exportSha.slice(0, 12)}`,
  );
  console.log(
    JSON.stringify({
      bench: 'plan-memory',
      metric: `peak RSS (MB) of \`reclaim plan\` over ${count} identities in a SQLite store`,
      value: Math.round(plan.peakRssMb),
      identities: count,
      heapCapMb: heapCapMb > 0 ? heapCapMb : null,
      seconds: plan.seconds,
      peakRssKbPerIdentity: Number(((plan.peakRssMb * 1024) / count).toFixed(2)),
      versionId: saved.versionId,
      exportSha256: exportSha,
      contentHash,
    }),
  );
} finally {
  if (process.argv.includes('--keep')) console.error(`plan-memory: kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
