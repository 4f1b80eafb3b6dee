// `npm run bench -- entra-write [--writes N] [--time-scale T]`: force-change writes through the
// Entra connector's $batch path against the Graph emulator (real quota numbers, time-scaled;
// 150 ms per request), with one app registration (bound by the per-app write quota) and with
// three (bound by the tenant write quota), beside a sequential one-request-at-a-time client.
// The emulator runs in-process: it spends ~50 us of CPU per item, far below what the quotas allow.
import { join } from 'node:path';
import type { EntraDirectoryConfig } from '../src/app/config/config-schema.ts';
import type { ActionSpec } from '../src/core/action.ts';
import { createEntraDirectory } from '../src/directories/entra/create-entra-directory.ts';
import { createGraphClient } from '../src/directories/entra/create-graph-client.ts';
import { createEntraCredential } from '../src/directories/entra/entra-credential.ts';
import { createEntraHttpsAgent } from '../src/directories/entra/entra-https-agent.ts';
import { GraphApi } from '../src/directories/entra/graph-api.ts';
import { Secret } from '../src/core/secret.ts';
import { labDir } from '../src/lab/samba/lab-info.ts';
import { startGraphEmulator, type RunningGraphEmulator } from '../src/lab/graph/graph-emulator.ts';
import { ensureLabCa, issueServerCert } from '../src/lab/tls/lab-ca.ts';
import { numberArg } from './support/number-arg.ts';

const writes = numberArg('--writes', 20_000);
const timeScale = numberArg('--time-scale', 0.1);
const latencyMs = numberArg('--latency', 150);
const sequentialSample = numberArg('--sequential-sample', 60);
// Batches in flight per app: enough to cover the quota's rate times a loaded round trip (~0.6 s).
const inFlight = numberArg('--in-flight', 16);

interface EmulatorInfo {
  url: string;
  tenantId: string;
  apps: Array<{ name: string; clientId: string; clientSecret: string }>;
}
interface Summary {
  forced: number;
  duplicated: number;
  throttled: number;
}

await main();

/** Counts successful writes per user and 429s from the request log, which keeps only the last
 *  20,000 entries: it is drained often (list + clear run with nothing in between). */
function logCounter(control: RunningGraphEmulator['control']) {
  const applied = new Map<string, number>();
  let throttled = 0;
  const drain = () => {
    const entries = control.requestLog();
    control.clearRequestLog();
    for (const e of entries) {
      if (e.status === 429) throttled += 1;
      if (e.method === 'PATCH' && e.status >= 200 && e.status < 300) applied.set(e.path, (applied.get(e.path) ?? 0) + 1);
    }
  };
  const timer = setInterval(drain, 100);
  return {
    reset() {
      drain();
      applied.clear();
      throttled = 0;
    },
    summary(ids: string[]): Summary {
      drain();
      const forced = ids.filter((id) => control.getUser(id)?.hidden.forceChangePasswordNextSignIn === true).length;
      return { forced, duplicated: [...applied.values()].filter((n) => n > 1).length, throttled };
    },
    stop: () => clearInterval(timer),
  };
}

async function main(): Promise<void> {
  const ca0 = ensureLabCa(join(labDir(), 'ca'));
  const cert = issueServerCert(ca0, 'graph', { dnsNames: ['localhost'], ips: ['127.0.0.1'] });
  const emulator = await startGraphEmulator({ tls: { certPem: cert.certPem, keyPem: cert.keyPem }, timeScale, latencyMs, seed: { cloudUsers: 0 } });
  const { control } = emulator;
  const counter = logCounter(control);
  const info: EmulatorInfo = { url: emulator.url, tenantId: emulator.tenantId, apps: emulator.apps };
  const resetTenant = (settings?: object) => {
    control.reset();
    if (settings) control.updateSettings(settings);
    counter.reset();
  };
  const seed = (count: number, prefix: string) =>
    control.seedUsers(Array.from({ length: count }, (_, i) => ({ userPrincipalName: `${prefix}${i}@reclaimlab.onmicrosoft.com` })));
  const ca = ca0;
  const perApp = { limit: 3000, windowMs: 150_000 * timeScale };
  const tenant = { limit: 18_000, windowMs: 300_000 * timeScale };
  const app = (name: string) => info.apps.find((a) => a.name === name) as EmulatorInfo['apps'][number];
  const env: NodeJS.ProcessEnv = {};
  const config = (names: string[]): EntraDirectoryConfig => {
    const apps = names.map((n, i) => {
      env[`BENCH_SECRET_${i}`] = app(n).clientSecret;
      return { clientId: app(n).clientId, clientSecret: `env:BENCH_SECRET_${i}` };
    });
    const [primary, ...extraApps] = apps;
    return { id: 'entra-bench', kind: 'entra', tenantId: info.tenantId, ...(primary as { clientId: string }), authorityHost: info.url, graphBaseUrl: info.url, caFile: ca.caFile, readOnly: false, extraApps, maxConcurrency: 8 };
  };

  const run = async (label: string, names: string[], settings?: object, options: { count?: number; targetFraction?: number } = {}) => {
    resetTenant(settings);
    const count = options.count ?? writes;
    const ids = seed(count, `bench.${label}.`);
    const tuning = { env, quotas: { perApp, tenant }, batchesInFlight: inFlight, ...(options.targetFraction ? { targetFraction: options.targetFraction } : {}) };
    const directory = createEntraDirectory(config(names), tuning);
    const actions = ids.map((id): ActionSpec => ({ kind: 'requireChange', directory: 'entra-bench', identity: { directory: 'entra-bench', key: id, name: id } }));
    await directory.readCredentialState(actions[0]?.identity as ActionSpec['identity']); // token acquired before the clock starts
    const seen = new Set<string>();
    let ok = 0;
    let repeatedOutcomes = 0;
    const failed = new Map<string, number>();
    const doneAt: number[] = [];
    const started = performance.now();
    for await (const outcome of directory.applyMany(actions)) {
      doneAt.push(performance.now());
      if (seen.has(outcome.action.identity.key)) repeatedOutcomes += 1;
      seen.add(outcome.action.identity.key);
      if (outcome.ok) ok += 1;
      else failed.set(outcome.error.code, (failed.get(outcome.error.code) ?? 0) + 1);
    }
    const seconds = (performance.now() - started) / 1000;
    await directory.close();
    const summary = counter.summary(ids);
    // Sustained: the steady state between the 5th and the 95th percentile of completions, without
    // the first round trip (nothing can complete before it) and the tail of the last batches.
    const lo = doneAt[Math.floor(doneAt.length * 0.05)] as number;
    const hi = doneAt[Math.floor(doneAt.length * 0.95)] as number;
    const sustained = (Math.floor(doneAt.length * 0.95) - Math.floor(doneAt.length * 0.05)) / ((hi - lo) / 1000);
    const quotaPerSecond = Math.min((names.length * perApp.limit) / (perApp.windowMs / 1000), tenant.limit / (tenant.windowMs / 1000));
    const rate = ok / seconds;
    const result = {
      label, apps: names.length, writes: count, ok, failed: Object.fromEntries(failed), seconds: Number(seconds.toFixed(2)),
      ratePerSecond: Number(rate.toFixed(1)), sustainedPerSecond: Number(sustained.toFixed(1)), bindingQuotaPerSecond: quotaPerSecond,
      fractionOfQuota: Number((sustained / quotaPerSecond).toFixed(3)), fractionOfQuotaEndToEnd: Number((rate / quotaPerSecond).toFixed(3)),
      lost: count - summary.forced + (count - seen.size), duplicated: summary.duplicated + repeatedOutcomes, throttled: summary.throttled,
    };
    console.log(JSON.stringify(result));
    return result;
  };

  const sequential = async () => {
    resetTenant();
    const ids = seed(sequentialSample, 'bench.seq.');
    const agent = createEntraHttpsAgent({ caPem: ca.caPem });
    const a = app('reclaim-privileged');
    const credential = createEntraCredential({ tenantId: info.tenantId, app: { clientId: a.clientId, clientSecret: new Secret(a.clientSecret) }, authorityHost: info.url, agent });
    const graph = new GraphApi(createGraphClient({ credential, baseUrl: info.url, agent, onThrottleSignal: () => undefined }), info.url);
    await graph.call('GET', `/users/${ids[0]}?$select=id`);
    const started = performance.now();
    for (const id of ids) {
      const r = await graph.call('PATCH', `/users/${id}`, { body: '{"passwordProfile":{"forceChangePasswordNextSignIn":true}}' });
      if (r.status !== 204) throw new Error(`sequential baseline: PATCH answered ${r.status}`);
    }
    const seconds = (performance.now() - started) / 1000;
    agent.destroy();
    const result = { label: 'sequential', writes: ids.length, seconds: Number(seconds.toFixed(2)), ratePerSecond: Number((ids.length / seconds).toFixed(2)) };
    console.log(JSON.stringify(result));
    return result;
  };

  try {
    console.log(`entra-write: ${writes} force-change writes, time scale ${timeScale} (per-app quota 3000/${perApp.windowMs / 1000}s, tenant 18000/${tenant.windowMs / 1000}s), ${latencyMs} ms per request`);
    const seq = await sequential();
    const one = await run('one-app', ['reclaim-privileged']);
    // A third writing app: the emulator's User.ReadWrite.All app, allowed to write passwordProfile here.
    const three = await run('three-apps', ['reclaim-privileged', 'reclaim', 'reclaim-userrw'], { userReadWriteAllCanWritePasswordProfile: true });
    // Contrast: the same client aiming at 20x the quota (pacing defeated), on a smaller run.
    const unpaced = await run('one-app-unpaced', ['reclaim-privileged'], undefined, { count: Math.min(writes, 6000), targetFraction: 20 });
    const ok = one.fractionOfQuota >= 0.95 && three.fractionOfQuota >= 0.95 && one.lost + three.lost === 0 && one.duplicated + three.duplicated === 0;
    console.log(JSON.stringify({
      bench: 'entra-write',
      metric: 'sustained force-change writes per second, $batch + pacing, one app registration (vs a sequential one-request-at-a-time client)',
      value: one.sustainedPerSecond,
      baseline: seq.ratePerSecond,
      ratio: Number((one.sustainedPerSecond / seq.ratePerSecond).toFixed(1)),
      target: '>= 0.95 of the binding write quota with 1 and 3 app registrations; 0 lost; 0 duplicated',
      fractionOfQuotaOneApp: one.fractionOfQuota,
      fractionOfQuotaThreeApps: three.fractionOfQuota,
      fractionOfQuotaEndToEnd: { oneApp: one.fractionOfQuotaEndToEnd, threeApps: three.fractionOfQuotaEndToEnd },
      lost: one.lost + three.lost,
      duplicated: one.duplicated + three.duplicated,
      throttled: one.throttled + three.throttled,
      unpacedContrast: { writes: unpaced.writes, throttled: unpaced.throttled, ratePerSecond: unpaced.ratePerSecond, lost: unpaced.lost, duplicated: unpaced.duplicated },
      ok,
    }));
  } finally {
    counter.stop();
    await emulator.stop();
  }
}
