// `npm run bench -- verify-memory [--small N] [--large M] [--no-services]`: `reclaim verify`'s
// peak memory at two plan sizes (default 50,000 and 200,000 identities), each verified by
// verifyPlan, as the command calls it, then its listing read back from the store as the command
// reads it, in a process of its own over a SQLite store seeded by
// test/app/campaign/support/verify-fixture.ts: synthetic directories answering each read from the
// key (they hold nothing per identity), 2% of people in each problem class (missed, reset, a manual
// task never opened, a cloud side lagging, ...). Each size is verified twice: with Node's default
// heap (peak RSS: V8 lets the heap grow well past what is live, and SQLite's page cache fills up to
// its 64 MiB) and with a 64 MB old space, which a verification holding the plan cannot fit in.
// Flat: both verified in the small heap, the large plan's peak RSS there within 1.25x the small's.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { verifyMissedPages, verifyResetPages } from '../src/app/campaign/verify-findings.ts';
import { verifyPlan } from '../src/app/campaign/verify-plan.ts';
import { seedVerifyCampaign, verifyFixtureApp, verifyFixtureDir } from '../test/app/campaign/support/verify-fixture.ts';
import { numberArg } from './support/number-arg.ts';

interface Verified {
  count: number;
  peakRssMb: number;
  seconds: number;
  checked: number;
  changed: number;
  reset: number;
  missed: number;
}

const log = (line: string) => process.stderr.write(`verify-memory: ${line}\n`);

async function child(dir: string, count: number): Promise<void> {
  const app = verifyFixtureApp(dir);
  const started = performance.now();
  const result = await verifyPlan(app, {});
  // and the listing `verify` prints, read back from the run's findings as the command reads them
  const store = await app.store();
  let listed = 0;
  for await (const page of verifyResetPages(store, result.runId)) listed += page.length;
  for await (const page of verifyMissedPages(store, result.runId)) listed += page.length;
  if (listed !== result.reset + result.missed)
    throw new Error(`${listed} findings read back, ${result.reset + result.missed} counted`);
  const seconds = (performance.now() - started) / 1000;
  await app.close();
  const verified: Verified = {
    count,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    seconds: Number(seconds.toFixed(2)),
    checked: result.checked,
    changed: result.changed,
    reset: result.reset,
    missed: result.missed,
  };
  console.log(JSON.stringify(verified));
}

/** verify in a process of its own; undefined when it runs out of its heap */
function verifyIn(dir: string, count: number, heapMb?: number): Verified | undefined {
  const flags = heapMb ? [`--max-old-space-size=${heapMb}`] : [];
  const run = spawnSync(process.execPath, [...flags, fileURLToPath(import.meta.url), '--child', dir, String(count)], {
    env: process.env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (run.status !== 0) {
    if (heapMb && /heap out of memory/.test(run.stderr)) return undefined;
    throw new Error(`verifying ${count} identities exited ${run.status}: ${run.stderr.slice(-2000)}`);
  }
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Verified;
}

async function measure(count: number): Promise<{ free: Verified; bounded: Verified | undefined }> {
  const dir = verifyFixtureDir();
  try {
    const app = verifyFixtureApp(dir);
    await seedVerifyCampaign(await app.store(), count);
    await app.close();
    // Verify twice over the same store: the second finds the actions verified, but reads and
    // judges every person again, and marks none (what `verify` holds does not depend on it).
    const free = verifyIn(dir, count)!;
    const bounded = verifyIn(dir, count, boundedHeapMb);
    log(
      `${count}: ${JSON.stringify(free)}; in a ${boundedHeapMb} MB heap: ${JSON.stringify(bounded ?? 'out of memory')}`,
    );
    return { free, bounded };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const boundedHeapMb = 64;
const at = process.argv.indexOf('--child');
if (at >= 0) await child(process.argv[at + 1]!, Number(process.argv[at + 2]));
else {
  const small = await measure(numberArg('--small', 50_000));
  const large = await measure(numberArg('--large', 200_000));
  // The bounded runs decide: their peak is what verification needs; the free runs' peak is how far
  // V8 lets the heap grow past it (about 4x what is live), which plateaus in a long run.
  const ratio = large.bounded && small.bounded ? large.bounded.peakRssMb / small.bounded.peakRssMb : Infinity;
  const target = 1.25;
  const shown = (v: Verified | undefined) => (v ? `${v.peakRssMb} MB` : 'out of memory');
  console.log(
    JSON.stringify({
      bench: 'verify-memory',
      metric:
        `peak RSS of verify in a ${boundedHeapMb} MB heap at ${large.free.count} identities over its peak at ` +
        `${small.free.count} (${shown(large.bounded)} vs ${shown(small.bounded)}); with the default heap ` +
        `${large.free.peakRssMb} MB vs ${small.free.peakRssMb} MB, ${large.free.seconds} s vs ${small.free.seconds} s`,
      value: large.bounded?.peakRssMb ?? null,
      baseline: small.bounded?.peakRssMb ?? null,
      ratio: Number.isFinite(ratio) ? Number(ratio.toFixed(2)) : null,
      target: `both sizes verified in a ${boundedHeapMb} MB heap, the larger's peak RSS <= ${target}x the smaller's`,
      peakRssMb: { [small.free.count]: small.free.peakRssMb, [large.free.count]: large.free.peakRssMb },
      ok: ratio <= target,
    }),
  );
}
