// `npm run bench -- ad-discover [--total N]`: full discovery through Reclaim's connector
// (AdDirectory.discover: privileged-group index, then paged search, every entry mapped to an
// Identity and dropped) beside the `ldapsearch -E pr=1000` baseline (same base, filter and
// attributes, output counted), at the seeded domain's size and at N (default 20,000) accounts.
// The larger domain is the seeded one plus a bench OU of users this script creates and removes
// (the 20,000-user seed would replace the organisation every other test on the shared lab uses).
// Peak RSS growth over the idle process shows whether discovery streams (flat) or collects.
// Rates are the mean of the rounds (alternated); ok needs Reclaim within 1.1x of ldapsearch.
// The CPU each client spent per entry (the discovering process, GC calls of this script left out;
// ldapsearch's from the shell's `times`) is reported beside: a paged search is a conversation, the
// next page asked for only once the client has read the last, so the client's time per page adds
// to the DC's.
import { readFileSync } from 'node:fs';
import { Client } from 'ldapts';
import type { AdDirectoryConfig } from '../src/app/config/config-schema.ts';
import { createAdDirectory } from '../src/app/directories/create-ad-directory.ts';
import { userFilter } from '../src/directories/ad/discover-users.ts';
import { userAttributes } from '../src/directories/ad/map-user-entry.ts';
import { readLabInfo } from '../src/lab/samba/lab-info.ts';
import { createBenchOu, removeBenchOu } from './support/bench-ou.ts';
import { ldapsearch, type CliBind } from './support/ldap-cli-baseline.ts';
import { numberArg } from './support/number-arg.ts';

const total = numberArg('--total', 20_000);
const pageSize = 1000;
const info = readLabInfo();
const adminPassword = readFileSync(info.admin.passwordFile, 'utf8').trim();
const bind: CliBind = { url: info.dcs[0]!.url, caFile: info.caFile, bindName: info.admin.upn, password: adminPassword };
const log = (s: string) => console.error(`[ad-discover] ${s}`);
const mb = (bytes: number) => bytes / 1024 / 1024;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const cpuMsSince = (from: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
};
// the README's claim: discovery within 1.1x of ldapsearch's time
const withinFactor = 1.1;

const config: AdDirectoryConfig = {
  id: 'bench-ad',
  kind: 'ad',
  urls: [info.dcs[0]!.url],
  startTls: false,
  readOnly: true,
  baseDns: [info.baseDn],
  bindDn: info.admin.upn,
  password: `file:${info.admin.passwordFile}`,
  caFile: info.caFile,
  connectTimeoutMs: 5000,
  operationTimeoutMs: 120_000,
  pageSize,
  maxConcurrency: 1,
  connections: 1,
  privilegedGroups: [],
};

async function reclaimDiscovery(): Promise<{
  ms: number;
  count: number;
  rssGrowthMb: number;
  liveGrowthMb: number;
  privileged: number;
  cpuMs: number;
}> {
  const directory = createAdDirectory(config);
  gc();
  const idle = process.memoryUsage();
  let peakRss = idle.rss;
  let peakLive = idle.heapUsed;
  let count = 0;
  let privileged = 0;
  let gcMs = 0;
  let gcCpuMs = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for await (const page of directory.discover()) {
    count += page.length;
    privileged += page.filter((i) => i.privileged.length > 0).length;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    // what is still reachable while a page is in hand: flat if discovery streams, growing if it
    // collects (the GC time is left out of the rate)
    const t = performance.now();
    const gcCpu = process.cpuUsage();
    gc();
    peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
    gcMs += performance.now() - t;
    gcCpuMs += cpuMsSince(gcCpu);
  }
  const ms = performance.now() - started - gcMs;
  const cpuMs = cpuMsSince(cpu) - gcCpuMs;
  await directory.close();
  return {
    ms,
    count,
    rssGrowthMb: mb(peakRss - idle.rss),
    liveGrowthMb: mb(peakLive - idle.heapUsed),
    privileged,
    cpuMs,
  };
}

interface Measured {
  count: number;
  reclaim: number;
  baseline: number;
  ratio: number;
  rssGrowthMb: number;
  liveGrowthMb: number;
  /** CPU per entry of each client, microseconds: the discovering process, ldapsearch */
  reclaimCpuUs: number;
  baselineCpuUs: number;
}

async function measure(label: string, rounds: number): Promise<Measured> {
  const reclaim: number[] = [];
  const baseline: number[] = [];
  let growth = 0;
  let live = 0;
  let count = 0;
  const reclaimCpu: number[] = [];
  const baselineCpu: number[] = [];
  for (const order of (
    [
      ['reclaim', 'ldapsearch'],
      ['ldapsearch', 'reclaim'],
    ] as const
  ).slice(0, rounds)) {
    for (const path of order) {
      if (path === 'reclaim') {
        const r = await reclaimDiscovery();
        reclaim.push(r.count / (r.ms / 1000));
        growth = Math.max(growth, r.rssGrowthMb);
        live = Math.max(live, r.liveGrowthMb);
        count = r.count;
        reclaimCpu.push((r.cpuMs * 1000) / r.count);
        log(
          `${label} reclaim: ${r.count} identities (${r.privileged} privileged) in ` +
            `${(r.ms / 1000).toFixed(2)} s, peak RSS +${r.rssGrowthMb.toFixed(1)} MB, live heap ` +
            `+${r.liveGrowthMb.toFixed(1)} MB, CPU ${(r.cpuMs / 1000).toFixed(2)} s`,
        );
      } else {
        const r = await ldapsearch(bind, info.baseDn, userFilter, userAttributes, pageSize);
        baseline.push(r.entries / (r.ms / 1000));
        baselineCpu.push((r.cpuMs * 1000) / r.entries);
        log(
          `${label} ldapsearch: ${r.entries} entries in ${(r.ms / 1000).toFixed(2)} s, ` +
            `CPU ${(r.cpuMs / 1000).toFixed(2)} s`,
        );
      }
    }
  }
  return {
    count,
    reclaim: mean(reclaim),
    baseline: mean(baseline),
    ratio: mean(reclaim) / mean(baseline),
    rssGrowthMb: growth,
    liveGrowthMb: live,
    reclaimCpuUs: mean(reclaimCpu),
    baselineCpuUs: mean(baselineCpu),
  };
}

const small = await measure('seeded domain', 2);
const admins = await Promise.all(
  Array.from({ length: 4 }, async () => {
    const c = new Client({ url: info.dcs[0]!.url, tlsOptions: { ca: [readFileSync(info.caFile)] }, timeout: 120_000 });
    await c.bind(info.admin.upn, adminPassword);
    return c;
  }),
);
const extra = Math.max(0, total - small.count);
log(`adding ${extra} users in a bench OU to reach ${total}`);
const fillStarted = performance.now();
const { ou, users } = await createBenchOu(admins, info.baseDn, 'bench-ad-discover', extra, (done) =>
  log(`  ${done}/${extra}`),
);
log(`filled in ${((performance.now() - fillStarted) / 1000).toFixed(0)} s`);
let large: Measured;
try {
  // one round each at the large size: each run keeps the shared DC busy for minutes
  large = await measure(`${total} accounts`, numberArg('--large-rounds', 1));
} finally {
  log('removing the bench OU');
  await removeBenchOu(admins, ou, users);
  await Promise.all(admins.map((c) => c.unbind()));
}
const ok = large.ratio >= 1 / withinFactor && large.liveGrowthMb < Math.max(32, small.liveGrowthMb * 3);
console.log(
  JSON.stringify({
    bench: 'ad-discover',
    metric:
      `identities/s discovering ${large.count} accounts: Reclaim (privileged index + paged ` +
      `search + mapping) vs ldapsearch pr=${pageSize}; peak RSS growth ` +
      `${small.rssGrowthMb.toFixed(1)} MB at ${small.count}, ${large.rssGrowthMb.toFixed(1)} MB ` +
      `at ${large.count}; live heap growth ${small.liveGrowthMb.toFixed(1)} / ` +
      `${large.liveGrowthMb.toFixed(1)} MB; client CPU per entry ${large.reclaimCpuUs.toFixed(0)} us ` +
      `(Reclaim) and ${large.baselineCpuUs.toFixed(0)} us (ldapsearch)`,
    value: Number(large.reclaim.toFixed(0)),
    baseline: Number(large.baseline.toFixed(0)),
    ratio: Number(large.ratio.toFixed(2)),
    target: `within ${withinFactor}x of ldapsearch (ratio >= ${(1 / withinFactor).toFixed(2)}) and live heap growth at 20k < max(32 MB, 3x growth at 2k)`,
    small: {
      count: small.count,
      value: Number(small.reclaim.toFixed(0)),
      baseline: Number(small.baseline.toFixed(0)),
      ratio: Number(small.ratio.toFixed(2)),
      rssGrowthMb: Number(small.rssGrowthMb.toFixed(1)),
      liveGrowthMb: Number(small.liveGrowthMb.toFixed(1)),
    },
    rssGrowthMb: Number(large.rssGrowthMb.toFixed(1)),
    liveGrowthMb: Number(large.liveGrowthMb.toFixed(1)),
    clientCpuUsPerEntry: {
      reclaim: Number(large.reclaimCpuUs.toFixed(1)),
      ldapsearch: Number(large.baselineCpuUs.toFixed(1)),
    },
    ok,
  }),
);
