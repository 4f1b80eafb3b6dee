// The crash soak shared by test/e2e/crash-resume.lab.test.ts (20 kills) and `npm run bench -- soak`
// (100): must-change reset waves of lab users, run by child-process runners killed -9 at random
// moments one after another, then resumed to the end. Lost and repeated actions are counted from
// the journal (every action applied, exactly one successful outcome each) and from the directory
// (each user's unicodePwd written exactly once: its replication metadata version moved by 1).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { approvePlan } from '../../../src/app/campaign/approve-plan.ts';
import { discoverDirectories } from '../../../src/app/campaign/discover-directories.ts';
import { importPlan, makePlan, savedPlan } from '../../../src/app/campaign/make-plan.ts';
import { recordTriage } from '../../../src/app/campaign/record-triage.ts';
import { runCampaign } from '../../../src/app/campaign/run-campaign.ts';
import { parseTriageAnswersFile } from '../../../src/app/triage/parse-triage-answers.ts';
import type { Plan } from '../../../src/core/planning/plan.ts';
import { ldapChange } from '../../../src/directories/ad/ldap-change.ts';
import type { CampaignLab } from './campaign-lab.ts';
import { proven } from '../../support/proven-operator.ts';

const child = fileURLToPath(new URL('./run-child.ts', import.meta.url));

export interface SoakResult {
  kills: number;
  killedMidRun: number;
  campaigns: number;
  actions: number;
  lost: number;
  repeated: number;
  treatments: string[];
  seed: number;
}

/** Seeded, so a failing run can be replayed. */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** Runs `reclaim run` (run-child.ts) and kills it -9 `killAfterMs` after its actions exist. */
export function runAndKill(
  configFile: string,
  campaignId: string,
  killAfterMs: number,
): Promise<'killed' | 'finished'> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, configFile, campaignId], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
    });
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

export async function crashSoak(
  env: CampaignLab,
  options: {
    kills: number;
    killsPerCampaign: number;
    maxKillDelayMs: number;
    seed: number;
    log?: (line: string) => void;
  },
): Promise<SoakResult> {
  const next = random(options.seed);
  const alice = env.app('alice');
  const bob = env.app('bob');
  const { answeredBy: _by, ...answers } = parseTriageAnswersFile('examples/triage-answers.yaml');
  const result: SoakResult = {
    kills: 0,
    killedMidRun: 0,
    campaigns: 0,
    actions: 0,
    lost: 0,
    repeated: 0,
    treatments: [],
    seed: options.seed,
  };
  let plan: Plan | undefined;
  while (result.kills < options.kills) {
    const t0 = Date.now();
    // Every user starts the campaign able to sign in (not must-change).
    await Promise.all(env.users.map((u) => env.admin.modify(u.dn, [ldapChange('replace', 'pwdLastSet', '-1')])));
    const before = new Map<string, number>();
    for (const u of env.users) before.set(u.sam, (await env.readUser(u)).unicodePwdVersion);
    const { campaignId } = await recordTriage(alice, { answers, newCampaign: true });
    if (!plan) {
      await discoverDirectories(alice, { campaignId });
      const made = await savedPlan(alice, await makePlan(await proven(alice), { campaignId }));
      plan = made;
      result.treatments = Object.keys(made.totals.byTreatment);
    } else await importPlan(await proven(alice), { campaignId, plan });
    await approvePlan(await proven(bob), { campaignId });

    const t1 = Date.now();
    for (let k = 0; k < options.killsPerCampaign && result.kills < options.kills; k++, result.kills++) {
      if ((await runAndKill(env.configFile, campaignId, Math.floor(next() * options.maxKillDelayMs))) === 'killed')
        result.killedMidRun++;
    }
    const t2 = Date.now();
    const resumed = await runCampaign(alice, { campaignId, allWaves: true });
    if (resumed.summary.stoppedBy !== 'done')
      throw new Error(`campaign ${campaignId}: the resumed run stopped: ${resumed.summary.stoppedBy}`);

    const store = await alice.store();
    const actions = await store.db
      .selectFrom('actions')
      .select(['id', 'state'])
      .where('campaignId', '=', campaignId)
      .execute();
    const outcomes = await store.db
      .selectFrom('journalEvents')
      .select(['actionId'])
      .where('campaignId', '=', campaignId)
      .where('event', 'in', ['apply-ok', 'recovered-applied'])
      .execute();
    const perAction = new Map<number, number>();
    for (const o of outcomes) perAction.set(Number(o.actionId), (perAction.get(Number(o.actionId)) ?? 0) + 1);
    result.actions += actions.length;
    if (actions.length !== env.users.length) result.lost += Math.abs(env.users.length - actions.length);
    for (const a of actions) {
      const n = perAction.get(Number(a.id)) ?? 0;
      if (a.state !== 'applied' || n === 0) result.lost++;
      if (n > 1) result.repeated++;
    }
    for (const u of env.users) {
      const after = await env.readUser(u);
      const delta = after.unicodePwdVersion - before.get(u.sam)!;
      if (delta < 1 || after.pwdLastSet !== '0') result.lost++;
      if (delta > 1) result.repeated++;
    }
    result.campaigns++;
    options.log?.(
      `campaign ${result.campaigns}: ${result.kills} kills so far (${result.killedMidRun} mid-run), ` +
        `lost ${result.lost}, repeated ${result.repeated}; setup ${t1 - t0} ms, runners ` +
        `${t2 - t1} ms, resume ${Date.now() - t2} ms`,
    );
  }
  return result;
}
