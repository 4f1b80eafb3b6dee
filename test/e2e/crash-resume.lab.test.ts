// SAFETY property: kill -9 of the runner at any point during a wave loses no action and repeats
// none. Each campaign is a must-change reset wave of 30 lab users, run by runners in child
// processes that are killed -9 at random moments one after another (each kill is one iteration;
// the next runner recovers what the last one left in doubt), then resumed to the end; proven from
// the journal (every action applied, exactly one successful outcome each) and from the directory
// (each user's unicodePwd written exactly once: its replication metadata version moved by 1).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { approvePlan } from '../../src/app/campaign/approve-plan.ts';
import { discoverDirectories } from '../../src/app/campaign/discover-directories.ts';
import { importPlan, makePlan } from '../../src/app/campaign/make-plan.ts';
import type { Plan } from '../../src/core/planning/plan.ts';
import { recordTriage } from '../../src/app/campaign/record-triage.ts';
import { runCampaign } from '../../src/app/campaign/run-campaign.ts';
import { parseTriageAnswersFile } from '../../src/app/triage/parse-triage-answers.ts';
import { ldapChange } from '../../src/directories/ad/ldap-change.ts';
import { startCampaignLab, type CampaignLab } from './support/campaign-lab.ts';

const iterations = Number(process.env.RECLAIM_CRASH_ITERATIONS ?? 20);
const users = 30;
const killsPerCampaign = 4;
const child = fileURLToPath(new URL('./support/run-child.ts', import.meta.url));
let env: CampaignLab;

before(async () => {
  env = await startCampaignLab({ users, leaseSeconds: 2 });
});
after(async () => {
  await env?.close();
});

/** Seeded, so a failing iteration can be replayed (RECLAIM_CRASH_SEED). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function runAndKill(configFile: string, campaignId: string, killAfterMs: number): Promise<'killed' | 'finished'> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, configFile, campaignId], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!timer && out.includes('started')) timer = setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
    });
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve('finished');
      else reject(new Error(`runner exited ${code}: ${err.slice(-2000)}`));
    });
  });
}

describe('kill -9 during a wave', () => {
  it(`loses and repeats no action over ${iterations} kills`, async () => {
    const seed = Number(process.env.RECLAIM_CRASH_SEED ?? Date.now() % 100_000);
    const next = random(seed);
    const alice = env.app('alice');
    const bob = env.app('bob');
    const { answeredBy: _by, ...answers } = parseTriageAnswersFile('examples/triage-answers.yaml');
    let kills = 0;
    let killedMidRun = 0;
    let lost = 0;
    let repeated = 0;
    let plan: Plan | undefined;
    for (let campaign = 0; kills < iterations; campaign++) {
      const t0 = Date.now();
      // Every user starts the campaign able to sign in (not must-change).
      await Promise.all(env.users.map((u) => env.admin.modify(u.dn, [ldapChange('replace', 'pwdLastSet', '-1')])));
      const before = new Map<string, number>();
      for (const u of env.users) before.set(u.sam, (await env.readUser(u)).unicodePwdVersion);
      const { campaignId } = await recordTriage(alice, { answers });
      if (!plan) {
        await discoverDirectories(alice, { campaignId });
        plan = (await makePlan(alice, { campaignId })).plan;
        assert.deepEqual(Object.keys(plan.totals.byTreatment), ['helpdeskReset'], 'high assurance: a must-change reset for everyone');
      } else await importPlan(alice, { campaignId, plan });
      await approvePlan(bob, { campaignId });

      // Several runners in a row, each killed -9 at a random moment (the next one recovers what it left).
      const t1 = Date.now();
      for (let k = 0; k < killsPerCampaign && kills < iterations; k++, kills++) {
        if ((await runAndKill(env.configFile, campaignId, Math.floor(next() * 1200))) === 'killed') killedMidRun++;
      }
      const t2 = Date.now();
      const resumed = await runCampaign(alice, { campaignId, allWaves: true });
      assert.equal(resumed.summary.stoppedBy, 'done');
      if (process.env.RECLAIM_CRASH_TIMING) process.stderr.write(`campaign ${campaign}: setup ${t1 - t0} ms, runners ${t2 - t1} ms, resume ${Date.now() - t2} ms\n`);

      const store = await alice.store();
      const actions = await store.db.selectFrom('actions').select(['id', 'state']).where('campaignId', '=', campaignId).execute();
      const outcomes = await store.db.selectFrom('journalEvents').select(['actionId']).where('campaignId', '=', campaignId).where('event', 'in', ['apply-ok', 'recovered-applied']).execute();
      const perAction = new Map<number, number>();
      for (const o of outcomes) perAction.set(Number(o.actionId), (perAction.get(Number(o.actionId)) ?? 0) + 1);
      assert.equal(actions.length, users, `campaign ${campaign}: one action per user`);
      for (const a of actions) if (a.state !== 'applied' || perAction.get(Number(a.id)) !== 1) lost++;
      for (const u of env.users) {
        const after = await env.readUser(u);
        const delta = after.unicodePwdVersion - before.get(u.sam)!;
        if (delta < 1 || after.pwdLastSet !== '0') lost++;
        if (delta > 1) repeated++;
      }
      assert.equal(lost, 0, `campaign ${campaign} (seed ${seed}): no action lost`);
      assert.equal(repeated, 0, `campaign ${campaign} (seed ${seed}): no reset repeated`);
    }
    process.stderr.write(`crash-resume: ${kills} kills (${killedMidRun} mid-run), lost ${lost}, repeated ${repeated} (seed ${seed})\n`);
    assert.ok(killedMidRun >= kills / 2, `most runners were really killed mid-run (${killedMidRun}/${kills})`);
  });
});
