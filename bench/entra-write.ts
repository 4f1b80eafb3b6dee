// `npm run bench -- entra-write [--users N] [--users-three-apps N] [--rounds R] [--latency MS]`:
// Entra writes the way a user runs them: a campaign on the Graph emulator (documented write quotas
// in real time: 3,000 per app per 150 s, 18,000 per tenant per 5 min; 150 ms per request), planned,
// approved by two proven operators, then `reclaim run --all-waves` as a child process with the
// default configuration (store, journal, guard, pacing), once with one app registration (bound by
// the per-app quota) and once with three (bound by the tenant quota). Each user gets what the
// high-assurance triage gives a cloud user: a must-change reset and a session revocation (2 writes).
// Baseline: a well-written $batch script (20 per batch, the same batches in flight per app,
// Retry-After honoured) doing the same writes on as many other users. Before each side the apps'
// write quotas are spent down to their limit, so neither side rides the idle bucket's burst.
// Rates are read back from the emulator's log (steady state: the 5th to the 95th percentile of the
// applied writes); every user's password, must-change flag and revocation are checked in the tenant.
import { readFileSync } from 'node:fs';
import { createEntraHttpsAgent } from '../src/directories/entra/entra-https-agent.ts';
import { Secret } from '../src/core/secret.ts';
import { ActionPasswords } from '../src/engine/action-passwords.ts';
import { startEntraCampaignLab, type EntraCampaignLab } from '../test/e2e/support/entra-campaign-lab.ts';
import { graphClients, runBatchScript, spendWriteQuota, type ScriptWrite } from './support/graph-batch-script.ts';
import { graphLog, sustainedRate } from './support/graph-log.ts';
import { numberArg } from './support/number-arg.ts';
import { reclaimCli } from './support/reclaim-cli.ts';

const usersOneApp = numberArg('--users', 600);
const usersThreeApps = numberArg('--users-three-apps', 1800);
const rounds = Math.max(1, numberArg('--rounds', 2));
const latencyMs = numberArg('--latency', 150);
// the default batches in flight per app registration: the config's maxConcurrency for Entra
const inFlight = 8;
const log = (line: string) => process.stderr.write(`entra-write: ${line}\n`);

interface Side {
  sustainedPerSecond: number;
  endToEndPerSecond: number;
  writes: number;
  throttled: number;
  reads: number;
  lost: number;
  duplicated: number;
  seconds: number;
  peakRssMb?: number;
}

const perSecond = (apps: number) => Math.min(apps * (3000 / 150), 18_000 / 300);

async function scenario(label: string, appNames: string[], users: number) {
  const env = await startEntraCampaignLab({
    users,
    apps: appNames,
    prefix: label,
    emulator: { latencyMs, settings: { userReadWriteAllCanWritePasswordProfile: true } },
  });
  const { control } = env.emulator;
  const graphLogs = graphLog(control);
  try {
    // the plan is made (from discovery) before the baseline's users exist: the campaign is exactly env.users
    let campaign: string | undefined = (await env.approvedCampaign()).campaignId;
    const nextCampaign = async () => {
      const id = campaign ?? (await env.approvedCampaign()).campaignId;
      campaign = undefined;
      return id;
    };
    const baselineUsers = control.seedUsers(
      Array.from({ length: users }, (_, i) => ({
        userPrincipalName: `${label}.script${i}@reclaimlab.onmicrosoft.com`,
      })),
    );
    const [sink] = control.seedUsers([{ userPrincipalName: `${label}.quota-sink@reclaimlab.onmicrosoft.com` }]);
    const caPem = readFileSync(env.caFile, 'utf8');
    const scriptAgent = createEntraHttpsAgent({ caPem, maxSockets: appNames.length * inFlight + 4 });
    const apps = appNames.map((n) => env.emulator.apps.find((a) => a.name === n)!);
    const clients = graphClients(env.emulator, apps, scriptAgent);
    const results = { reclaim: [] as Side[], script: [] as Side[] };
    for (let round = 0; round < rounds; round++) {
      for (const side of round % 2 === 0 ? (['reclaim', 'script'] as const) : (['script', 'reclaim'] as const)) {
        const result =
          side === 'reclaim'
            ? await reclaimSide(env, await nextCampaign(), clients, sink!, graphLogs)
            : await scriptSide(env, clients, sink!, graphLogs, baselineUsers);
        results[side].push(result);
        log(
          `${label} round ${round + 1} ${side}: ${result.writes} writes, sustained ` +
            `${result.sustainedPerSecond.toFixed(1)}/s ` +
            `(${(result.sustainedPerSecond / perSecond(appNames.length)).toFixed(3)} of the ` +
            `quota), end to end ${result.endToEndPerSecond.toFixed(1)}/s, ${result.throttled} ` +
            `throttled, ${result.reads} reads, lost ${result.lost}, duplicated ` +
            `${result.duplicated}`,
        );
      }
    }
    scriptAgent.destroy();
    return summarise(appNames.length, users, results);
  } finally {
    graphLogs.stop();
    await env.close();
  }
}

async function reclaimSide(
  env: EntraCampaignLab,
  campaignId: string,
  clients: ReturnType<typeof graphClients>,
  sink: string,
  graphLogs: ReturnType<typeof graphLog>,
): Promise<Side> {
  await spendWriteQuota(clients, sink);
  graphLogs.reset();
  const started = Date.now();
  const run = await reclaimCli([
    'run',
    '--yes',
    '--json',
    '--all-waves',
    '--campaign',
    campaignId,
    '-c',
    env.configFile,
  ]);
  const seconds = (Date.now() - started) / 1000;
  if (run.code !== 0) throw new Error(`reclaim run exited ${run.code}: ${run.stderr.slice(-2000)}`);
  const seen = graphLogs.read();
  // read back: each user's password is the one derived for its action, must-change is set, and the
  // tenant applied exactly one reset and one revocation for each
  const store = await env.app('bench').store();
  const actions = await store.db
    .selectFrom('actions')
    .select(['id', 'kind', 'identityKey', 'identityName', 'state'])
    .where('campaignId', '=', campaignId)
    .execute();
  const passwords = new ActionPasswords(() => new Secret(readFileSync(env.keyFile, 'utf8').trim()), campaignId);
  let lost = Math.max(0, env.users.length * 2 - actions.length);
  for (const a of actions) if (a.state !== 'applied') lost++;
  for (const user of env.users) {
    const reset = actions.find((a) => a.identityKey === user.id && a.kind === 'resetPassword');
    const password = reset ? (await passwords.passwordFor(Number(reset.id), [reset.identityName])).reveal() : '';
    if (
      !reset ||
      !env.emulator.control.verifyPassword(user.id, password) ||
      env.emulator.control.getUser(user.id)?.hidden.forceChangePasswordNextSignIn !== true
    )
      lost++;
  }
  return sideResult(
    seen,
    env.users.map((u) => u.id),
    seconds,
    started,
    lost,
    run.peakRssMb,
  );
}

async function scriptSide(
  env: EntraCampaignLab,
  clients: ReturnType<typeof graphClients>,
  sink: string,
  graphLogs: ReturnType<typeof graphLog>,
  users: string[],
): Promise<Side> {
  const passwords = new Map(users.map((id, i) => [id, `Sc!${i}-${Math.random().toString(36).slice(2, 10)}-Zq9`]));
  const writes = users.flatMap((id): ScriptWrite[] => [
    {
      method: 'PATCH',
      url: `/users/${id}`,
      body: { passwordProfile: { password: passwords.get(id), forceChangePasswordNextSignIn: true } },
    },
    { method: 'POST', url: `/users/${id}/revokeSignInSessions`, body: {} },
  ]);
  await spendWriteQuota(clients, sink);
  graphLogs.reset();
  const started = Date.now();
  const { failed } = await runBatchScript(clients, writes, inFlight);
  const seconds = (Date.now() - started) / 1000;
  const seen = graphLogs.read();
  let lost = failed;
  for (const id of users)
    if (
      !env.emulator.control.verifyPassword(id, passwords.get(id)!) ||
      env.emulator.control.getUser(id)?.hidden.forceChangePasswordNextSignIn !== true
    )
      lost++;
  return sideResult(seen, users, seconds, started, lost);
}

function sideResult(
  seen: ReturnType<ReturnType<typeof graphLog>['read']>,
  users: string[],
  seconds: number,
  started: number,
  lost: number,
  peakRssMb?: number,
): Side {
  // every write the tenant applied while this side ran: nothing else may have written meanwhile
  const known = new Set(users.flatMap((id) => [`PATCH /users/${id}`, `POST /users/${id}/revokeSignInSessions`]));
  const ours = seen.writes;
  const stray = ours.find((w) => !known.has(w.key));
  if (stray) throw new Error(`a write outside this side's users was applied: ${stray.key}`);
  let duplicated = 0;
  for (const id of users) {
    for (const key of [`PATCH /users/${id}`, `POST /users/${id}/revokeSignInSessions`]) {
      const n = seen.perKey.get(key) ?? 0;
      if (n === 0) lost++;
      if (n > 1) duplicated += n - 1;
    }
  }
  const last = Math.max(...ours.map((w) => w.atMs));
  if (process.env.BENCH_DEBUG) {
    const t = ours.map((w) => w.atMs).sort((a, b) => a - b);
    log(
      `debug: ${t.length} writes; from start +${((t[0]! - started) / 1000).toFixed(1)} s to ` +
        `+${((t.at(-1)! - started) / 1000).toFixed(1)} s; deciles ` +
        `${[1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => ((t[Math.floor((t.length * d) / 10)]! - t[0]!) / 1000).toFixed(1)).join(' ')}`,
    );
  }
  return {
    sustainedPerSecond: sustainedRate(ours.map((w) => w.atMs)),
    endToEndPerSecond: ours.length / ((last - started) / 1000),
    writes: ours.length,
    throttled: seen.throttled,
    reads: seen.reads,
    lost,
    duplicated,
    seconds: Number(seconds.toFixed(1)),
    ...(peakRssMb !== undefined ? { peakRssMb: Math.round(peakRssMb) } : {}),
  };
}

function summarise(apps: number, users: number, results: { reclaim: Side[]; script: Side[] }) {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const quota = perSecond(apps);
  const reclaim = mean(results.reclaim.map((r) => r.sustainedPerSecond));
  const script = mean(results.script.map((r) => r.sustainedPerSecond));
  const sum = (side: Side[], k: 'lost' | 'duplicated' | 'throttled' | 'reads') => side.reduce((a, r) => a + r[k], 0);
  return {
    apps,
    users,
    writesPerRun: users * 2,
    bindingQuotaPerSecond: quota,
    reclaim: {
      sustainedPerSecond: Number(reclaim.toFixed(1)),
      fractionOfQuota: Number((reclaim / quota).toFixed(3)),
      rounds: results.reclaim.map((r) => Number(r.sustainedPerSecond.toFixed(1))),
      endToEnd: results.reclaim.map((r) => Number(r.endToEndPerSecond.toFixed(1))),
      seconds: results.reclaim.map((r) => r.seconds),
      peakRssMb: Math.max(...results.reclaim.map((r) => r.peakRssMb ?? 0)),
      lost: sum(results.reclaim, 'lost'),
      duplicated: sum(results.reclaim, 'duplicated'),
      throttled: sum(results.reclaim, 'throttled'),
      reads: sum(results.reclaim, 'reads'),
    },
    script: {
      sustainedPerSecond: Number(script.toFixed(1)),
      fractionOfQuota: Number((script / quota).toFixed(3)),
      rounds: results.script.map((r) => Number(r.sustainedPerSecond.toFixed(1))),
      lost: sum(results.script, 'lost'),
      duplicated: sum(results.script, 'duplicated'),
      throttled: sum(results.script, 'throttled'),
    },
    ratio: Number((reclaim / script).toFixed(3)),
  };
}

log(
  `${rounds} alternated round(s); one app: ${usersOneApp} users, three apps: ${usersThreeApps} users; 2 writes each; ${latencyMs} ms per request`,
);
const one = await scenario('one', ['reclaim-privileged'], usersOneApp);
// a third writing app: the emulator's User.ReadWrite.All app, allowed to write passwordProfile here
const three = await scenario('three', ['reclaim-privileged', 'reclaim', 'reclaim-userrw'], usersThreeApps);
const lost = one.reclaim.lost + three.reclaim.lost;
const duplicated = one.reclaim.duplicated + three.reclaim.duplicated;
process.stdout.write(
  `${JSON.stringify({
    bench: 'entra-write',
    metric:
      'steady-state Entra writes per second through `reclaim run` (default config, $batch) as a ' +
      'fraction of the binding write quota; one app registration (per-app quota), three (tenant ' +
      'quota)',
    value: one.reclaim.fractionOfQuota,
    baseline: one.script.fractionOfQuota,
    ratio: one.ratio,
    target: '>= 0.95 of the binding quota with 1 and 3 app registrations; 0 lost; 0 duplicated',
    oneApp: one,
    threeApps: three,
    lost,
    duplicated,
    ok: one.reclaim.fractionOfQuota >= 0.95 && three.reclaim.fractionOfQuota >= 0.95 && lost === 0 && duplicated === 0,
  })}\n`,
);
