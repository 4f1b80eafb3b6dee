// `npm run bench -- verify-memory [--small N] [--large M] [--no-services]`: `reclaim verify`'s
// peak memory at two plan sizes (default 20,000 and 80,000 identities), each verified in a process
// of its own (verifyPlan, as the command calls it) over a SQLite store seeded by
// test/app/campaign/support/verify-fixture.ts: synthetic directories answering each read from the
// key (they hold nothing per identity), 2% of people in each problem class (missed, reset, a
// manual task never opened, a cloud side lagging, ...). Memory is flat when the large plan's peak
// RSS stays within 1.25x the small one's (the Node runtime alone is about 100 MB of either).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { verifyPlan } from '../src/app/campaign/verify-plan.ts';
import {
  seedVerifyCampaign,
  verifyFixtureApp,
  verifyFixtureDir,
} from '../test/app/campaign/support/verify-fixture.ts';
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
  const seconds = (performance.now() - started) / 1000;
  await app.close();
  const verified: Verified = {
    count,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    seconds: Number(seconds.toFixed(2)),
    checked: result.checked,
    changed: result.changed,
    reset: result.reset.length,
    missed: result.missed.length,
  };
  console.log(JSON.stringify(verified));
}

async function measure(count: number): Promise<Verified> {
  const dir = verifyFixtureDir();
  try {
    const app = verifyFixtureApp(dir);
    await seedVerifyCampaign(await app.store(), count);
    await app.close();
    const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', dir, String(count)], {
      env: process.env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status !== 0) throw new Error(`verifying ${count} identities exited ${run.status}`);
    const verified = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Verified;
    log(JSON.stringify(verified));
    return verified;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const at = process.argv.indexOf('--child');
if (at >= 0) await child(process.argv[at + 1]!, Number(process.argv[at + 2]));
else {
  const small = await measure(numberArg('--small', 20_000));
  const large = await measure(numberArg('--large', 80_000));
  const ratio = large.peakRssMb / small.peakRssMb;
  const target = 1.25;
  console.log(
    JSON.stringify({
      bench: 'verify-memory',
      metric:
        `peak RSS of verify at ${large.count} identities over its peak at ${small.count} ` +
        `(${large.peakRssMb} MB vs ${small.peakRssMb} MB; ${large.seconds} s vs ${small.seconds} s)`,
      value: large.peakRssMb,
      baseline: small.peakRssMb,
      ratio: Number(ratio.toFixed(2)),
      target: `<= ${target} (memory flat in the number of identities)`,
      ok: ratio <= target,
    }),
  );
}
