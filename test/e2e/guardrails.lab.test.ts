// Guardrails at apply time, on the lab AD and through the CLI:
// - a protected identity listed in a hand-edited plan is refused at apply time (IDENTITY_PROTECTED,
//   recorded) and never written to, even though the edited plan was approved;
// - `reclaim run` off a terminal refuses without --yes (exit 4), and an unapproved plan cannot run
//   (exit 4), with nothing claimed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { approvePlan } from '../../src/app/campaign/approve-plan.ts';
import { currentPlan } from '../../src/app/campaign/current-plan.ts';
import { discoverDirectories } from '../../src/app/campaign/discover-directories.ts';
import { importPlan, makePlan, savedPlan } from '../../src/app/campaign/make-plan.ts';
import { recordTriage } from '../../src/app/campaign/record-triage.ts';
import { runCampaign } from '../../src/app/campaign/run-campaign.ts';
import { parseTriageAnswersFile } from '../../src/app/triage/parse-triage-answers.ts';
import { startCampaignLab, type CampaignLab } from './support/campaign-lab.ts';
import { proven } from '../support/proven-operator.ts';

let env: CampaignLab;
before(async () => {
  env = await startCampaignLab({ users: 4, protectedUsers: 1 });
  writeFileSync(join(env.dir, 'answers.yaml'), 'indicators:\n  adDatabaseStaged: true\nknownCompromisedAccounts: []\n');
});
after(async () => {
  await env?.close();
});

const cli = (args: string[], operator = 'alice', token?: string) =>
  spawnSync(process.execPath, ['bin/reclaim.mjs', '-c', env.configFile, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RECLAIM_OPERATOR: operator, ...(token ? { RECLAIM_OPERATOR_TOKEN: token } : {}) },
  });

describe('guardrails', () => {
  it('refuses without --yes off a terminal, and refuses an unapproved plan, with nothing claimed', async () => {
    assert.equal(cli(['triage', '--answers', join(env.dir, 'answers.yaml')]).status, 0);
    assert.equal(cli(['discover']).status, 0);
    assert.equal(cli(['plan'], 'alice', await env.token('alice')).status, 0);
    const noYes = cli(['run', '--all-waves']);
    assert.equal(noYes.status, 4, noYes.stderr);
    assert.match(noYes.stderr, /CONFIRMATION_REQUIRED/);
    const unapproved = cli(['run', '--all-waves', '--yes']);
    assert.equal(unapproved.status, 4, unapproved.stderr);
    assert.match(unapproved.stderr, /PLAN_NOT_APPROVED/);
    const selfApproval = cli(['approve'], 'alice', await env.token('alice'));
    assert.equal(selfApproval.status, 4);
    assert.match(selfApproval.stderr, /SECOND_APPROVER_REQUIRED/);
    const status = JSON.parse(cli(['status', '--json']).stdout) as { totals: Record<string, number> };
    assert.equal((status.totals.claimed ?? 0) + (status.totals.applied ?? 0), 0, 'nothing claimed or applied');
  });

  it('refuses a protected identity that a hand-edited plan put in a wave, at apply time', async () => {
    const alice = env.app('alice');
    const bob = env.app('bob');
    const [protectedUser, ...others] = env.users;
    const { answeredBy: _by, ...answers } = parseTriageAnswersFile(join(env.dir, 'answers.yaml'));
    const { campaignId } = await recordTriage(alice, { answers, newCampaign: true });
    await discoverDirectories(alice, { campaignId });
    const plan = await savedPlan(alice, await makePlan(await proven(alice), { campaignId }));
    assert.deepEqual(
      plan.protected.map((p) => p.name),
      [protectedUser!.sam],
    );
    // The hand edit: the protected account replaces another one in the wave.
    const edited = structuredClone(plan);
    const victim = edited.assignments.findIndex((a) => a.name === others[0]!.sam);
    const prot = plan.protected[0]!;
    edited.assignments[victim] = {
      ...edited.assignments[victim]!,
      key: prot.key,
      name: prot.name,
      dn: protectedUser!.dn,
    };
    edited.protected = [];
    await importPlan(await proven(alice), { campaignId, plan: edited });
    await approvePlan(await proven(bob), { campaignId });
    assert.equal(
      (await currentPlan(await alice.store(), campaignId)).plan.assignments[victim]!.name,
      protectedUser!.sam,
    );

    const before = await env.readUser(protectedUser!);
    const run = await runCampaign(alice, { campaignId, allWaves: true });
    assert.equal(run.counts.applied, 2);
    assert.equal(run.counts.failed, 1);
    const row = await (await alice.store()).db
      .selectFrom('actions')
      .select(['identityName', 'lastErrorCode', 'state'])
      .where('campaignId', '=', campaignId)
      .where('state', '=', 'failed')
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      { ...row },
      { identityName: protectedUser!.sam, lastErrorCode: 'IDENTITY_PROTECTED', state: 'failed' },
    );
    const after = await env.readUser(protectedUser!);
    assert.deepEqual(after, before, 'the protected account is untouched in the directory');
  });
});
