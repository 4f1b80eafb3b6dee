// `npm run bench -- campaign-100k [--ad N] [--entra M] [--apps A] [--limit-sample S]
// [--heap-cap MB] [--sqlite-cache MB]`: a whole campaign at the size of a large enterprise, through the CLI as an operator runs it. N AD accounts
// (default 100,000) in an OU of a DC of its own (bench/support/campaign-lab.ts: created fast by
// campaign-ou.ts on the first run, then restored from a snapshot) and M cloud users (default 100,000) in a Graph emulator tenant started in this
// process (seeded through its control API; the CLI reaches it over HTTPS on loopback). A
// reclaim.yaml naming both, with A app registrations for Entra (default 3: the tenant quota binds).
// Then, each `reclaim` a child process (bin/reclaim.mjs): triage (the AD database staged: a
// standard-assurance mass reset, must-change for AD users, a forced change for cloud users),
// discover, plan (a proven author), approve (two proven approvers), run --all-waves, verify.
// Reported per step: wall time and peak RSS. AD writes per second against the DC's own limit
// measured in the same run (a raw client, 4 connections x 32 in flight, no journal, over S
// accounts); Entra writes per second (steady state, the emulator's log) against the quota; lost
// and duplicated actions read back from the directory (AD: pwdLastSet and its replication version;
// Entra: the emulator's applied writes and each user's flag) and from the store (every action
// applied or verified, one apply-ok each). Sizes are parameters: the Entra quota makes M users take
// M x (writes per user) / (20/s per app, 60/s per tenant) seconds.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createApp } from '../src/app/create-app.ts';
import { createEntraHttpsAgent } from '../src/directories/entra/entra-https-agent.ts';
import { startGraphEmulator } from '../src/lab/graph/graph-emulator.ts';
import { labDir } from '../src/lab/samba/lab-info.ts';
import { ensureLabCa, issueServerCert } from '../src/lab/tls/lab-ca.ts';
import { operatorToken } from '../test/support/proven-operator.ts';
import { campaignLabDir, down, saveSeeded, startCampaignLab } from './support/campaign-lab.ts';
import { adminClients, dcLimit, ensureCampaignOu, readPwdLastSet, resetPwdLastSet } from './support/campaign-ou.ts';
import { graphClients, spendWriteQuota } from './support/graph-batch-script.ts';
import { graphLog, sustainedRate } from './support/graph-log.ts';
import { numberArg } from './support/number-arg.ts';
import { reclaimCli } from './support/reclaim-cli.ts';

const adCount = numberArg('--ad', 100_000);
const entraCount = numberArg('--entra', 100_000);
const appCount = Math.min(3, Math.max(1, numberArg('--apps', 3)));
const limitSample = Math.min(adCount, numberArg('--limit-sample', 20_000));
// --heap-cap MB: every `reclaim` step runs with V8's old space capped (--max-old-space-size): a
// step whose live memory grows with the identities runs out of it; peak RSS alone also counts the
// garbage V8 keeps while it may (0: no cap, as users run it)
const heapCapMb = numberArg('--heap-cap', 0);
// --sqlite-cache MB: the store's page cache per connection (store.sqliteCacheMb; 0: its default, 64):
// that cache fills as the store grows, up to its bound, and counts in peak RSS
const sqliteCacheMb = numberArg('--sqlite-cache', 0);
const log = (line: string) => process.stderr.write(`campaign-100k: ${line}\n`);
const quota = Math.min(appCount * 20, 60);
const campaignLab = campaignLabDir();
const { info } = startCampaignLab(campaignLab, adCount, log);
const ouDn = `OU=bench-campaign-${adCount},OU=Corp,${info.baseDn}`; // Corp: where the operator holds its rights

let clients = await adminClients(info, 4);
const seeded = await ensureCampaignOu(clients, info.dcs[0]!, ouDn, adCount, log);
if (seeded.dns.length !== adCount) throw new Error(`${ouDn} holds ${seeded.dns.length} accounts, expected ${adCount}`);
log(`AD: ${adCount} accounts in ${ouDn} (${seeded.created} created, ${seeded.seconds.toFixed(1)} s)`);
if (seeded.created > 0) {
  await Promise.all(clients.map((c) => c.unbind().catch(() => undefined)));
  saveSeeded(campaignLab, adCount, log);
  clients = await adminClients(info, 4);
}
await resetPwdLastSet(clients, seeded.dns);
const before = await readPwdLastSet(clients[0]!, ouDn);

const ca = ensureLabCa(join(labDir(), 'ca'));
const cert = issueServerCert(ca, 'graph', { dnsNames: ['localhost'], ips: ['127.0.0.1'] });
const emulator = await startGraphEmulator({
  tls: { certPem: cert.certPem, keyPem: cert.keyPem },
  seed: { cloudUsers: 0, syntheticSyncedUsers: false },
  latencyMs: 150,
  // as in entra-write: the app with User.ReadWrite.All may set the must-change flag
  settings: { userReadWriteAllCanWritePasswordProfile: true },
});
// the user the quota is spent on, protected like the emulator's fixed users: not in the campaign
const [sink] = emulator.control.seedUsers([{ userPrincipalName: 'c100k.quota-sink@reclaimlab.onmicrosoft.com' }]);
const fixed = emulator.control.listUsers().map((u) => String(u.props.userPrincipalName));
const cloudIds: string[] = [];
for (let i = 0; i < entraCount; i += 10_000)
  cloudIds.push(
    ...emulator.control.seedUsers(
      Array.from({ length: Math.min(10_000, entraCount - i) }, (_, j) => ({
        userPrincipalName: `c100k.user${i + j}@reclaimlab.onmicrosoft.com`,
      })),
    ),
  );
const graph = graphLog(emulator.control);

const dir = mkdtempSync(join(tmpdir(), 'reclaim-campaign-100k-'));
const keyFile = join(dir, 'password-key');
writeFileSync(keyFile, `campaign-100k-${process.pid}-0123456789abcdefghijklmnopqrstuvwxyz`, { mode: 0o600 });
const emulatorApps = ['reclaim-privileged', 'reclaim', 'reclaim-userrw'].slice(0, appCount).map((name) => {
  const app = emulator.apps.find((a) => a.name === name);
  if (!app) throw new Error(`the emulator has no app ${name}`);
  return app;
});
const apps = emulatorApps.map((app, i) => {
  writeFileSync(join(dir, `app-${i}.secret`), app.clientSecret, { mode: 0o600 });
  return { clientId: app.clientId, clientSecret: `file:${join(dir, `app-${i}.secret`)}` };
});
const configFile = join(dir, 'reclaim.yaml');
writeFileSync(
  configFile,
  [
    'campaign: { name: "campaign-100k bench" }',
    `store: { url: "sqlite:${join(dir, 'reclaim.sqlite')}"${sqliteCacheMb > 0 ? `, sqliteCacheMb: ${sqliteCacheMb}` : ''} }`,
    'directories:',
    `  - { id: lab-ad, kind: ad, urls: ["${info.dcs[0]!.url}"], baseDns: ["${ouDn}"], bindDn: ` +
      `"${info.operator.upn}", password: "file:${info.operator.passwordFile}", caFile: ` +
      `"${info.caFile}" }`,
    `  - { id: corp-entra, kind: entra, tenantId: "${emulator.tenantId}", clientId: ` +
      `"${apps[0]!.clientId}", clientSecret: "${apps[0]!.clientSecret}", authorityHost: ` +
      `"${emulator.url}", graphBaseUrl: "${emulator.url}", caFile: "${ca.caFile}", extraApps: ` +
      `${JSON.stringify(apps.slice(1))} }`,
    `protected: { identities: ${JSON.stringify(fixed)} }`,
    `engine: { passwordKey: "file:${keyFile}" }`,
  ].join('\n'),
);
writeFileSync(
  join(dir, 'answers.yaml'),
  'answeredBy: "bench IC"\nindicators:\n  adDatabaseStaged: { answer: true, evidence: "bench" }\nknownCompromisedAccounts: []\n',
);

const bench = createApp({ configFile, operator: 'bench' });
const steps: Record<string, { seconds: number; peakRssMb: number }> = {};
async function step(name: string, args: string[], operator = 'alice', proven = false): Promise<string> {
  const env = {
    ...process.env,
    ...(heapCapMb > 0
      ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=${heapCapMb}`.trim() }
      : {}),
    RECLAIM_OPERATOR: operator,
    ...(proven ? { RECLAIM_OPERATOR_TOKEN: await operatorToken(bench, operator) } : {}),
  };
  const started = performance.now();
  const run = await reclaimCli(['-c', configFile, ...args], env);
  const seconds = (performance.now() - started) / 1000;
  // exit 3: finished, some identities failed (counted as lost below, with the failures listed)
  if (run.code !== 0 && !(run.code === 3 && (name === 'run' || name === 'verify')))
    throw new Error(`reclaim ${args.join(' ')} exited ${run.code}:\n${run.stderr.slice(-3000)}`);
  if (run.code === 3) log(`${name} exited 3 (some identities failed or not changed yet)`);
  steps[name] = { seconds: Number(seconds.toFixed(1)), peakRssMb: Math.round(run.peakRssMb) };
  log(`${name}: ${seconds.toFixed(1)} s, peak RSS ${run.peakRssMb.toFixed(0)} MB`);
  return run.stdout;
}

try {
  await step('triage', ['triage', '--answers', join(dir, 'answers.yaml')]);
  await step('discover', ['discover']);
  await step('plan', ['plan'], 'alice', true);
  await step('approve', ['approve'], 'bob', true);
  await step('approve-2', ['approve'], 'carol', true);
  // Each app starts on a spent quota (as in entra-write): the run is measured at the limit, not on
  // the idle buckets' burst (3,000 writes per app).
  const agent = createEntraHttpsAgent({ caPem: readFileSync(ca.caFile, 'utf8'), maxSockets: 64 });
  await spendWriteQuota(graphClients(emulator, emulatorApps, agent), sink!);
  agent.destroy();
  graph.reset();
  await step('run', ['run', '--yes', '--json', '--all-waves']);
  const entraSeen = graph.read();
  // verify exits 3 while people have not set their own password yet (must-change): its figures are kept
  const verified = JSON.parse(await step('verify', ['verify', '--json'])) as {
    checked: number;
    changed: number;
    reset: unknown[];
    missed: unknown[];
  };

  // New connections for the read-back: the DC drops idle ones during a long run.
  await Promise.all(clients.map((c) => c.unbind().catch(() => undefined)));
  clients = await adminClients(info, 4);
  // The store: every action applied or verified, each with one apply-ok.
  const store = await bench.store();
  const states = await store.db
    .selectFrom('actions')
    .select((eb) => ['directory', 'kind', 'state', eb.fn.countAll<number>().as('n')])
    .groupBy(['directory', 'kind', 'state'])
    .execute();
  log(`actions: ${JSON.stringify(states)}`);
  const failures = await store.db
    .selectFrom('actions')
    .select((eb) => ['directory', 'kind', 'lastErrorCode', 'lastErrorMessage', eb.fn.countAll<number>().as('n')])
    .where('state', '=', 'failed')
    .groupBy(['directory', 'kind', 'lastErrorCode', 'lastErrorMessage'])
    .execute();
  if (failures.length > 0) log(`failed: ${JSON.stringify(failures).slice(0, 2000)}`);
  const notDone = states
    .filter((s) => s.state !== 'applied' && s.state !== 'verified')
    .reduce((n, s) => n + Number(s.n), 0);
  const twice = await sql<{ n: number }>`select count(*) as n from (select action_id from journal_events
    where event = 'apply-ok' group by action_id having count(*) > 1) t`.execute(store.db);
  // AD: pwdLastSet=0 on every account, its metadata version raised by one (the reset before the run raised it already).
  const after = await readPwdLastSet(clients[0]!, ouDn);
  let adLost = 0;
  let adDuplicated = 0;
  for (const dn of seeded.dns) {
    const a = after.get(dn);
    if (!a?.mustChange) adLost += 1;
    if (a && a.version - (before.get(dn)?.version ?? 0) > 1) adDuplicated += 1;
  }
  // Entra: per user, each kind of write applied once, and the flag set in the tenant.
  const perUser = new Map<string, number>();
  for (const [key, n] of entraSeen.perKey) {
    const id = /\/users\/([^/]+)/.exec(key)?.[1];
    if (id) perUser.set(id, Math.max(perUser.get(id) ?? 0, n));
  }
  let entraLost = 0;
  let entraDuplicated = 0;
  for (const id of cloudIds) {
    if (emulator.control.getUser(id)?.hidden.forceChangePasswordNextSignIn !== true) entraLost += 1;
    if ((perUser.get(id) ?? 0) > 1) entraDuplicated += 1;
  }
  // Rates: AD from the journal's write phase, Entra's steady state from the emulator's log.
  const span = await store.db
    .selectFrom('journalEvents as j')
    .innerJoin('actions as a', 'a.id', 'j.actionId')
    .select((eb) => [eb.fn.min('j.at').as('first'), eb.fn.max('j.at').as('last'), eb.fn.countAll<number>().as('n')])
    .where('a.directory', '=', 'lab-ad')
    .where('j.event', '=', 'apply-ok')
    .executeTakeFirstOrThrow();
  const adRate = Number(span.n) / ((Date.parse(String(span.last)) - Date.parse(String(span.first))) / 1000);
  const entraRate = sustainedRate(entraSeen.writes.map((w) => w.atMs));
  // The DC's own limit, now, on a sample of the same accounts (set back first, untimed).
  const sample = seeded.dns.slice(0, limitSample);
  await resetPwdLastSet(clients, sample);
  const limit = await dcLimit(clients, sample);
  const lost = notDone + adLost + entraLost;
  const duplicated = Number(twice.rows[0]?.n ?? 0) + adDuplicated + entraDuplicated;
  log(
    `AD ${adRate.toFixed(0)}/s of the DC's ${limit.toFixed(0)}/s (${(adRate / limit).toFixed(2)}); ` +
      `Entra ${entraRate.toFixed(1)}/s of ${quota}/s (${(entraRate / quota).toFixed(3)}), ` +
      `${entraSeen.writes.length} writes, ${entraSeen.throttled} throttled; lost ${lost} (store ` +
      `${notDone}, AD ${adLost}, Entra ${entraLost}), duplicated ${duplicated}`,
  );
  const peak = Math.max(...Object.values(steps).map((s) => s.peakRssMb));
  console.log(
    JSON.stringify({
      bench: 'campaign-100k',
      metric: `a campaign of ${adCount} AD + ${entraCount} Entra identities through the CLI: run wall time (s)`,
      value: steps.run!.seconds,
      baseline: null,
      ratio: null,
      target:
        'figures published; 0 lost, 0 duplicated; every step memory flat in the number of identities (compare sizes)',
      ok: lost === 0 && duplicated === 0,
      extra: {
        steps,
        heapCapMb: heapCapMb > 0 ? heapCapMb : null,
        sqliteCacheMb: sqliteCacheMb > 0 ? sqliteCacheMb : 64,
        peakRssMb: peak,
        peakRssKbPerIdentity: Number(((peak * 1024) / (adCount + entraCount)).toFixed(2)),
        ad: {
          accounts: adCount,
          perSecond: Math.round(adRate),
          dcLimitPerSecond: Math.round(limit),
          ofLimit: Number((adRate / limit).toFixed(2)),
          lost: adLost,
          duplicated: adDuplicated,
        },
        entra: {
          users: entraCount,
          apps: appCount,
          quotaPerSecond: quota,
          writes: entraSeen.writes.length,
          perSecond: Number(entraRate.toFixed(1)),
          ofQuota: Number((entraRate / quota).toFixed(3)),
          throttled: entraSeen.throttled,
          lost: entraLost,
          duplicated: entraDuplicated,
        },
        store: { notDone, appliedTwice: Number(twice.rows[0]?.n ?? 0) },
        verify: {
          checked: verified.checked,
          changed: verified.changed,
          reset: verified.reset.length,
          awaitingOwner: verified.missed.length,
        },
        seeding: { created: seeded.created, seconds: Number(seeded.seconds.toFixed(1)) },
      },
    }),
  );
} finally {
  graph.stop();
  await bench.close();
  await emulator.stop();
  await Promise.all(clients.map((c) => c.unbind().catch(() => undefined)));
  rmSync(dir, { recursive: true, force: true });
  down(campaignLab);
}
