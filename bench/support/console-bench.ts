// What the console benchmarks share: an app on a SQLite store in a temporary folder (one Entra
// directory that is never called), seeded at the size of a large enterprise (console-seed.ts), then
// driven over HTTP by concurrent viewers and helpdesk agents (console-load.ts), each round on a
// console process started afresh. Side by side, round after round in alternated order, the same
// load on the same store against the console with the store's reads on its event loop (the reader
// served by the main connection: the console before the read worker).
// Gates: p99 of every request < 100 ms, the slowest request < 1 s (the first answers after a
// restart, computed while other users wait, included), and the console's event loop never still
// for more than 100 ms.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { campaignDashboard } from '../../src/app/console/campaign-dashboard.ts';
import { type App, createApp } from '../../src/app/create-app.ts';
import { recountActionsByWave } from '../../src/store/actions/recount-actions.ts';
import { type LoadOptions, type LoadResult, driveConsole, quantile } from './console-load.ts';
import { seedConsoleStore } from './console-seed.ts';
import { numberArg } from './number-arg.ts';

const log = (text: string) => process.stderr.write(`${text}\n`);
const round1 = (x: number) => Number(x.toFixed(1));

/** A config in `dir` (a new temporary folder unless given): the store, one Entra directory never called, a password key. */
function benchConfig(name: string, kept: string | undefined): { configFile: string; dir: string } {
  const dir = kept ?? mkdtempSync(join(tmpdir(), `reclaim-${name}-`));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'key'), `${name}-bench-key-0123456789abcdefghijklmnop`, { mode: 0o600 });
  writeFileSync(
    join(dir, 'reclaim.yaml'),
    [
      `campaign: { name: "${name} bench" }`,
      `store: { url: "sqlite:${join(dir, 'bench.sqlite')}" }`,
      'directories:',
      '  - { id: corp, kind: entra, tenantId: 00000000-0000-0000-0000-000000000000, clientId: ' +
        '00000000-0000-0000-0000-000000000000, clientSecret: "env:RECLAIM_BENCH_UNUSED" }',
      `engine: { passwordKey: "file:${join(dir, 'key')}" }`,
    ].join('\n'),
  );
  return { configFile: join(dir, 'reclaim.yaml'), dir };
}

function summary(result: LoadResult) {
  const all = [...result.times.values()].flat();
  const routes = Object.fromEntries(
    [...result.times].map(([route, xs]) => [
      route,
      { n: xs.length, p50: round1(quantile(xs, 0.5)), p99: round1(quantile(xs, 0.99)), max: round1(Math.max(...xs)) },
    ]),
  );
  return {
    requests: all.length,
    p50: round1(quantile(all, 0.5)),
    p99: round1(quantile(all, 0.99)),
    max: round1(Math.max(...all)),
    stallMs: Math.max(...result.rounds.map((r) => r.stallMs)),
    heldMs: Math.max(...result.rounds.map((r) => r.heldMs)),
    delayMaxMs: Math.max(...result.rounds.map((r) => r.delayMaxMs)),
    rssMb: Math.max(...result.rounds.map((r) => r.rssMb)),
    errors: result.errors.length,
    errorSamples: [...new Set(result.errors)].slice(0, 5),
    routes,
    firsts: result.firsts,
    readyMs: result.ready,
    stallsPerRound: result.rounds.map((r) => r.stallMs),
    stallsOver50: result.rounds.map((r) => r.stalls),
  };
}

/**
 * What the console served, checked against the store: the status totals against a recount of the
 * actions, the dashboard (its figures, less asOf) against the dashboard recomputed from the
 * journal, the plan body and the actions. Throws on a difference.
 */
async function checkServed(
  app: App,
  campaignId: string,
  count: number,
  served: Map<string, string>,
): Promise<string[]> {
  const checked: string[] = [];
  const status = served.get('status');
  if (status) {
    const totals = (JSON.parse(status) as { totals: Record<string, number> }).totals;
    const sum = Object.values(totals).reduce((a, b) => a + b, 0);
    const recount = [...(await recountActionsByWave(await app.store(), campaignId)).values()]
      .flatMap((c) => Object.values(c))
      .reduce((a, b) => a + b, 0);
    if (sum !== count || recount !== count)
      throw new Error(`status served ${sum} actions, the store holds ${recount}, seeded ${count}`);
    checked.push('status totals = recount');
  }
  const dashboard = served.get('dashboard');
  if (dashboard) {
    const { asOf: _asOf, servedAt: _servedAt, ...body } = JSON.parse(dashboard) as Record<string, unknown>;
    const reference = await campaignDashboard(app, { campaignId, recount: true });
    if (JSON.stringify(body) !== JSON.stringify(reference))
      throw new Error(
        `the dashboard served differs from the recount:\n${JSON.stringify(body).slice(0, 1500)}\n${JSON.stringify(reference).slice(0, 1500)}`,
      );
    checked.push('dashboard = recount from the journal, plan body and actions');
  }
  return checked;
}

export async function consoleBench(name: string, page: LoadOptions['page'], metric: string): Promise<void> {
  const count = numberArg('--count', 1_000_000);
  const rounds = numberArg('--rounds', 2);
  const seconds = numberArg('--seconds', 20);
  const viewers = numberArg('--viewers', 16);
  const agents = numberArg('--agents', 4);
  // --keep DIR: the seeded store is kept in DIR and reused by the next run with the same --count.
  const keepAt = process.argv.indexOf('--keep');
  const kept = keepAt >= 0 ? process.argv[keepAt + 1] : undefined;
  const { configFile, dir } = benchConfig(name, kept);
  const seedFile = join(dir, `seed-${count}.json`);
  const app = createApp({ configFile, operator: 'bench' });
  try {
    const started = performance.now();
    const reused = kept !== undefined && existsSync(seedFile);
    const seed = reused
      ? (JSON.parse(readFileSync(seedFile, 'utf8')) as Awaited<ReturnType<typeof seedConsoleStore>>)
      : await seedConsoleStore(await app.store(), count);
    if (kept !== undefined) writeFileSync(seedFile, JSON.stringify(seed));
    log(
      `${reused ? 'reused' : 'seeded'} ${count} identities, ${count} actions, ${seed.journalEntries} ` +
        `journal entries, a ${count}-assignment plan, ${seed.verifications} verifications in ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const load = { configFile, campaignId: seed.campaignId, rounds: 1, seconds, viewers, agents, page };
    const worker: LoadResult[] = [];
    const onLoop: LoadResult[] = [];
    for (let r = 0; r < rounds; r++) {
      // Alternated: worker first in even rounds, the reads-on-loop console first in odd ones.
      for (const side of r % 2 === 0 ? ['worker', 'loop'] : ['loop', 'worker']) {
        const result = await driveConsole(app, side === 'loop' ? { ...load, mode: 'reads-on-loop' } : load);
        const s = summary(result);
        log(
          `round ${r + 1} ${side === 'loop' ? 'reads on the loop' : 'read worker      '}: ` +
            `${s.requests} requests, p50 ${s.p50} ms, p99 ${s.p99} ms, max ${s.max} ms, loop late ` +
            `at most ${s.stallMs} ms (held by the console ${s.heldMs} ms), ${s.errors} errors ` +
            `${JSON.stringify(s.errorSamples)}; ready after ${s.readyMs[0]} ms; firsts ${JSON.stringify(s.firsts[0])}; stalls > ` +
            `50 ms [at, ms] ${JSON.stringify(s.stallsOver50[0])}`,
        );
        (side === 'loop' ? onLoop : worker).push(result);
      }
    }
    const merge = (results: LoadResult[]): LoadResult => ({
      times: new Map(
        [...new Set(results.flatMap((r) => [...r.times.keys()]))].map((k) => [
          k,
          results.flatMap((r) => r.times.get(k) ?? []),
        ]),
      ),
      errors: results.flatMap((r) => r.errors),
      rounds: results.flatMap((r) => r.rounds),
      firsts: results.flatMap((r) => r.firsts),
      last: new Map(results.flatMap((r) => [...r.last])),
      ready: results.flatMap((r) => r.ready),
    });
    const served = merge(worker).last;
    const checked = await checkServed(app, seed.campaignId, count, served);
    const ours = summary(merge(worker));
    const before = summary(merge(onLoop));
    // The loop's stall is gated on what the console itself held it for: on this shared machine the
    // raw lateness also counts the time the kernel gave the cores to other processes (both reported).
    const ok = ours.p99 < 100 && ours.max < 1000 && ours.heldMs < 100 && ours.errors === 0;
    console.log(
      JSON.stringify({
        bench: name,
        metric:
          `${metric}, ${count} identities, ${viewers} viewers + ${agents} helpdesk agents over ` +
          `HTTP, ${rounds} rounds x ${seconds} s each from a restart, sqlite (ms)`,
        value: ours.p99,
        baseline: before.p99,
        baselineName:
          'the same load on the same console with the store reads on its event loop (before the read worker)',
        ratio: round1(ours.p99 / before.p99),
        target: 'p99 < 100 ms, max < 1000 ms, event loop never held > 100 ms by the console, 0 errors',
        ok,
        extra: { readWorker: ours, readsOnLoop: before, seed, checked },
      }),
    );
  } finally {
    await app.close();
    if (kept === undefined) rmSync(dir, { recursive: true, force: true });
  }
}
