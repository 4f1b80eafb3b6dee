// `npm run bench -- soak [--kills N]`: the crash soak at length: 100 runners (by default) killed -9
// at random points while working must-change reset waves of 30 lab users, each campaign resumed to
// the end; lost and repeated actions counted from the journal and from the directory
// (test/e2e/support/crash-soak.ts). The baseline is zero: any lost or repeated action fails it.
import { startCampaignLab } from '../test/e2e/support/campaign-lab.ts';
import { crashSoak } from '../test/e2e/support/crash-soak.ts';
import { numberArg } from './support/number-arg.ts';

const kills = numberArg('--kills', 100);
const seed = numberArg('--seed', Date.now() % 100_000);
const env = await startCampaignLab({ users: 30, leaseSeconds: 2 });
const started = performance.now();
try {
  const r = await crashSoak(env, { kills, killsPerCampaign: 5, maxKillDelayMs: 1200, seed, log: (l) => process.stderr.write(`soak: ${l}\n`) });
  process.stdout.write(`${JSON.stringify({
    bench: 'soak',
    metric: 'actions lost or repeated over runners killed -9 at random points (must-change reset waves of 30 lab users)',
    value: r.lost + r.repeated,
    baseline: 0,
    ratio: r.lost + r.repeated === 0 ? 1 : 0,
    target: '0 lost, 0 repeated',
    iterations: r.kills,
    killedMidRun: r.killedMidRun,
    campaigns: r.campaigns,
    actions: r.actions,
    lost: r.lost,
    repeated: r.repeated,
    seed: r.seed,
    seconds: Math.round((performance.now() - started) / 1000),
    ok: r.lost === 0 && r.repeated === 0 && r.kills >= kills,
  })}\n`);
} finally {
  await env.close();
}
