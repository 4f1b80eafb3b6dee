// The crash soak on Entra, shared by test/e2e/crash-resume-entra.lab.test.ts and `npm run bench --
// soak`: campaigns of the emulator's seeded users (a must-change reset and a session revocation
// each, through $batch), run by child-process runners killed -9 at random moments (batches in
// flight among them), then resumed to the end. Lost and repeated actions are counted from the
// journal (every action applied, exactly one successful outcome each) and from the tenant: each
// user's reset and revocation answered 2xx exactly once in the emulator's log, the password the
// derived one, must-change set.
import { readFileSync } from 'node:fs';
import { runCampaign } from '../../../src/app/campaign/run-campaign.ts';
import { Secret } from '../../../src/core/secret.ts';
import { ActionPasswords } from '../../../src/engine/action-passwords.ts';
import { random, runAndKill, type SoakResult } from './crash-soak.ts';
import type { EntraCampaignLab } from './entra-campaign-lab.ts';

export async function entraCrashSoak(
  env: EntraCampaignLab,
  options: {
    kills: number;
    killsPerCampaign: number;
    maxKillDelayMs: number;
    seed: number;
    log?: (line: string) => void;
  },
): Promise<SoakResult & { batchedWrites: number; writes: number; inDoubt: number; landedInDoubt: number }> {
  const next = random(options.seed);
  const result = {
    kills: 0,
    killedMidRun: 0,
    campaigns: 0,
    actions: 0,
    lost: 0,
    repeated: 0,
    treatments: [] as string[],
    seed: options.seed,
    batchedWrites: 0,
    writes: 0,
    inDoubt: 0,
    landedInDoubt: 0,
  };
  const alice = env.app('alice');
  const key = new Secret(readFileSync(env.keyFile, 'utf8').trim());
  const { control } = env.emulator;
  const limit = () => options.kills;
  while (result.kills < limit()) {
    control.clearRequestLog();
    const { campaignId, plan } = await env.approvedCampaign();
    result.treatments = Object.keys(plan.totals.byTreatment);
    for (let k = 0; k < options.killsPerCampaign && result.kills < limit(); k++, result.kills++) {
      if ((await runAndKill(env.configFile, campaignId, Math.floor(next() * options.maxKillDelayMs))) === 'killed')
        result.killedMidRun++;
    }
    const resumed = await runCampaign(alice, { campaignId, allWaves: true });
    if (resumed.summary.stoppedBy !== 'done')
      throw new Error(`campaign ${campaignId}: the resumed run stopped: ${resumed.summary.stoppedBy}`);

    const store = await alice.store();
    const actions = await store.db
      .selectFrom('actions')
      .select(['id', 'state', 'kind', 'identityKey', 'identityName'])
      .where('campaignId', '=', campaignId)
      .execute();
    const outcomes = await store.db
      .selectFrom('journalEvents')
      .select(['actionId'])
      .where('campaignId', '=', campaignId)
      .where('event', 'in', ['apply-ok', 'recovered-applied'])
      .execute();
    // writes cut off by a kill: claimed again in doubt; those that had landed, recovered without a write
    const recovered = await store.db
      .selectFrom('journalEvents')
      .select(['event'])
      .where('campaignId', '=', campaignId)
      .where('event', 'in', ['recovered', 'recovered-applied'])
      .execute();
    result.inDoubt += recovered.filter((e) => e.event === 'recovered').length;
    result.landedInDoubt += recovered.filter((e) => e.event === 'recovered-applied').length;
    const perAction = new Map<number, number>();
    for (const o of outcomes) perAction.set(Number(o.actionId), (perAction.get(Number(o.actionId)) ?? 0) + 1);
    result.actions += actions.length;
    // every user in scope: a must-change reset and a revocation
    result.lost += Math.max(0, env.users.length * 2 - actions.length);
    for (const a of actions) {
      const n = perAction.get(Number(a.id)) ?? 0;
      if (a.state !== 'applied' || n === 0) result.lost++;
      if (n > 1) result.repeated++;
    }
    // the tenant: successful writes per user and kind, from the emulator's own log
    const written = new Map<string, number>();
    for (const e of control.requestLog()) {
      if (e.method === 'GET' || e.path === '/$batch' || e.status < 200 || e.status >= 300) continue;
      written.set(`${e.method} ${e.path}`, (written.get(`${e.method} ${e.path}`) ?? 0) + 1);
      result.writes++;
      if (e.inBatch) result.batchedWrites++;
    }
    const passwords = new ActionPasswords(() => key, campaignId);
    for (const user of env.users) {
      const reset = actions.find((a) => a.identityKey === user.id && a.kind === 'resetPassword');
      for (const path of [`PATCH /users/${user.id}`, `POST /users/${user.id}/revokeSignInSessions`]) {
        const n = written.get(path) ?? 0;
        if (n < 1) result.lost++;
        if (n > 1) result.repeated++;
      }
      const state = control.getUser(user.id);
      const derived = reset ? (await passwords.passwordFor(Number(reset.id), [reset.identityName])).reveal() : '';
      if (!reset || !control.verifyPassword(user.id, derived) || state?.hidden.forceChangePasswordNextSignIn !== true)
        result.lost++;
    }
    result.campaigns++;
    options.log?.(
      `campaign ${result.campaigns}: ${result.kills} kills so far (${result.killedMidRun} mid-run), ` +
        `lost ${result.lost}, repeated ${result.repeated}; ` +
        `${result.batchedWrites}/${result.writes} writes in batches; ${result.inDoubt} in doubt ` +
        `after a kill, ${result.landedInDoubt} of them had landed`,
    );
  }
  return result;
}
