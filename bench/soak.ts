// `npm run bench -- soak [--kills N] [--entra-kills M]`: the crash soak at length: N runners (100 by
// default) killed -9 at random points while working must-change reset waves of 30 lab users, and M
// (40) killed while working must-change resets and session revocations of 40 Graph-emulator users
// sent in $batch requests (a batch in flight among the kills), each campaign resumed to the end;
// lost and repeated actions counted from the journal and from the directory
// (test/e2e/support/crash-soak.ts, entra-crash-soak.ts). The baseline is zero: any lost or
// repeated action fails it, and so does a soak whose runners were mostly not killed mid-run.
import { startCampaignLab } from '../test/e2e/support/campaign-lab.ts';
import { crashSoak } from '../test/e2e/support/crash-soak.ts';
import { startEntraCampaignLab } from '../test/e2e/support/entra-campaign-lab.ts';
import { entraCrashSoak } from '../test/e2e/support/entra-crash-soak.ts';
import { numberArg } from './support/number-arg.ts';

const kills = numberArg('--kills', 100);
const entraKills = numberArg('--entra-kills', 40);
const seed = numberArg('--seed', Date.now() % 100_000);
const started = performance.now();
const env = await startCampaignLab({ users: 30, leaseSeconds: 2 });
let ad;
try {
  ad = await crashSoak(env, {
    kills,
    killsPerCampaign: 5,
    maxKillDelayMs: 1200,
    seed,
    log: (l) => process.stderr.write(`soak (AD): ${l}\n`),
  });
} finally {
  await env.close();
}
const entraEnv = await startEntraCampaignLab({ users: 40, leaseSeconds: 2, emulator: { latencyMs: 150 } });
let entra;
try {
  entra = await entraCrashSoak(entraEnv, {
    kills: entraKills,
    killsPerCampaign: 4,
    maxKillDelayMs: 2500,
    seed,
    log: (l) => process.stderr.write(`soak (Entra): ${l}\n`),
  });
} finally {
  await entraEnv.close();
}
const lost = ad.lost + entra.lost;
const repeated = ad.repeated + entra.repeated;
// a soak whose runners mostly finished before their kill proves nothing about crashes
const midRun = ad.killedMidRun >= ad.kills / 2 && entra.killedMidRun >= entra.kills / 2;
process.stdout.write(
  `${JSON.stringify({
    bench: 'soak',
    metric:
      'actions lost or repeated over runners killed -9 at random points (AD: must-change reset waves ' +
      'of 30 lab users; Entra: must-change resets and revocations of 40 emulator users in ' +
      '$batch)',
    value: lost + repeated,
    baseline: 0,
    ratio: lost + repeated === 0 ? 1 : 0,
    target: '0 lost, 0 repeated, most runners killed mid-run',
    ad: {
      iterations: ad.kills,
      killedMidRun: ad.killedMidRun,
      campaigns: ad.campaigns,
      actions: ad.actions,
      lost: ad.lost,
      repeated: ad.repeated,
    },
    entra: {
      iterations: entra.kills,
      killedMidRun: entra.killedMidRun,
      campaigns: entra.campaigns,
      actions: entra.actions,
      lost: entra.lost,
      repeated: entra.repeated,
      inDoubt: entra.inDoubt,
      landedInDoubt: entra.landedInDoubt,
      batchedWrites: entra.batchedWrites,
      writes: entra.writes,
    },
    seed,
    seconds: Math.round((performance.now() - started) / 1000),
    ok: lost === 0 && repeated === 0 && ad.kills >= kills && entra.kills >= entraKills && midRun,
  })}\n`,
);
