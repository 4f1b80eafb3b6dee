// `npm run bench -- campaign-memory [--small N] [--large M] [--entra E] [--heap-cap MB] [--sqlite-cache MB]`: whether
// every step of a campaign keeps its memory flat in the number of identities (issue 17). The whole
// campaign-100k bench (triage, discover, plan, approve x2, run, verify through the CLI, each step a
// child process, read back from the DC, the emulator and the store) is run twice, at N AD accounts
// (default 5,000) and at M (default 100,000), with E Entra users (default 1,000, so that the Entra
// quota does not set the pace) and every step's V8 old space capped at MB (default 128): a step
// whose live memory grows with the identities runs out of it at the larger size. Per step, the
// peak RSS at M over the peak at N; flat: both campaigns complete with 0 lost and 0 duplicated, and
// no step's ratio above 1.25 (a 20x larger campaign). The store's SQLite page cache (three
// connections, 64 MiB each by default) fills as the store grows: at 5,000 it is mostly empty, at
// 100,000 full. --sqlite-cache MB (store.sqliteCacheMb) bounds it lower, so that what is compared
// is what the steps hold rather than a cache reaching its bound.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { numberArg } from './support/number-arg.ts';

interface CampaignLine {
  ok: boolean;
  extra: {
    steps: Record<string, { seconds: number; peakRssMb: number }>;
    ad: { perSecond: number; ofLimit: number; lost: number; duplicated: number };
    entra: { lost: number; duplicated: number };
    store: { notDone: number; appliedTwice: number };
  };
}

const small = numberArg('--small', 5_000);
const large = numberArg('--large', 100_000);
const entra = numberArg('--entra', 1_000);
const heapCapMb = numberArg('--heap-cap', 128);
const sqliteCacheMb = numberArg('--sqlite-cache', 0);
const target = 1.25;
const log = (line: string) => process.stderr.write(`campaign-memory: ${line}\n`);
const campaignBench = fileURLToPath(new URL('./campaign-100k.ts', import.meta.url));

/** One whole campaign-100k run in a process of its own (the services are already up: this process's env). */
function campaign(ad: number): CampaignLine {
  log(`campaign of ${ad} AD + ${entra} Entra, heap capped at ${heapCapMb} MB`);
  const run = spawnSync(
    process.execPath,
    [
      campaignBench,
      ...['--ad', String(ad), '--entra', String(entra), '--heap-cap', String(heapCapMb)],
      ...(sqliteCacheMb > 0 ? ['--sqlite-cache', String(sqliteCacheMb)] : []),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 },
  );
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  if (run.status !== 0 || !last.startsWith('{'))
    throw new Error(`campaign-100k --ad ${ad} exited ${run.status}; its last line: ${last.slice(0, 500)}`);
  return JSON.parse(last) as CampaignLine;
}

const smaller = campaign(small);
const larger = campaign(large);
const ratios: Record<string, number> = {};
for (const [name, step] of Object.entries(larger.extra.steps)) {
  const before = smaller.extra.steps[name];
  if (before) ratios[name] = Number((step.peakRssMb / before.peakRssMb).toFixed(2));
}
const worst = Object.entries(ratios).reduce((a, b) => (b[1] > a[1] ? b : a), ['none', 0] as [string, number]);
const peaks = (line: CampaignLine) =>
  Object.fromEntries(Object.entries(line.extra.steps).map(([name, s]) => [name, s.peakRssMb]));
const seconds = (line: CampaignLine) =>
  Object.fromEntries(Object.entries(line.extra.steps).map(([name, s]) => [name, s.seconds]));
log(`peak RSS (MB) at ${small}: ${JSON.stringify(peaks(smaller))}`);
log(`peak RSS (MB) at ${large}: ${JSON.stringify(peaks(larger))}`);
console.log(
  JSON.stringify({
    bench: 'campaign-memory',
    metric:
      `the largest ratio over the steps of a campaign (triage, discover, plan, approve x2, run, verify ` +
      `through the CLI, old space capped at ${heapCapMb} MB, SQLite page cache ${sqliteCacheMb || 64} MiB per connection) ` +
      `of the peak RSS at ${large} AD over ` +
      `the peak at ${small} AD (${entra} Entra users in both); worst: ${worst[0]}`,
    value: worst[1],
    baseline: 1,
    ratio: worst[1],
    target: `both campaigns complete with 0 lost and 0 duplicated, every step's ratio <= ${target}`,
    ok: smaller.ok && larger.ok && worst[1] <= target,
    extra: {
      heapCapMb,
      sqliteCacheMb: sqliteCacheMb || 64,
      ratios,
      peakRssMb: { [small]: peaks(smaller), [large]: peaks(larger) },
      seconds: { [small]: seconds(smaller), [large]: seconds(larger) },
      ad: { [small]: smaller.extra.ad, [large]: larger.extra.ad },
    },
  }),
);
