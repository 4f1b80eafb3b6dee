// `reclaim run --yes` starts only the waves whose time has come (issue 15, item 7): it must say so,
// with every later wave's start time and what to run next, and `reclaim status` lists every wave of
// the plan with its start time, started or not. Here wave 1 is a service account's rotation (a manual
// task, no directory action) and wave 2, the users, starts 24 h later.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { createUser, type CreatedUser } from '../directories/ad/support/ad-test-lab.ts';
import { startCampaignLab, type CampaignLab } from './support/campaign-lab.ts';
import { plannedCampaign, stolenDatabaseAnswers } from './support/planned-campaign.ts';

let env: CampaignLab;
let service: CreatedUser;

before(async () => {
  env = await startCampaignLab({ users: 2, extraConfig: 'waves: { groupBy: department, spacingHours: 24 }' });
  service = await createUser(env.admin, env.ouDn, {
    uac: 0x10200,
    extra: { servicePrincipalName: `HTTP/waves-${Date.now()}.lab.example`, department: 'Engineering' },
  });
});
after(async () => {
  await env?.close();
});

const cli = (args: string[]) =>
  spawnSync(process.execPath, ['bin/reclaim.mjs', '-c', env.configFile, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RECLAIM_OPERATOR: 'alice' },
  });

describe('run and status show every wave and when it starts', () => {
  it('run says which waves started, when the others start and what to run next; status lists every wave', async () => {
    const { campaignId, plan } = await plannedCampaign(env, stolenDatabaseAnswers);
    assert.deepEqual(
      plan.waves.map((w) => [w.number, w.label.split(':')[0], w.size]),
      [
        [1, 'service accounts', 1],
        [2, 'users', 2],
      ],
    );
    assert.equal(plan.assignments.find((a) => a.name === service.sam)?.treatment, 'serviceRotation');
    const second = plan.waves[1]!;
    assert.ok(Date.parse(second.startAt) > Date.now() + 23 * 3_600_000, 'wave 2 starts a day later');

    const run = cli(['run', '--yes', '--campaign', campaignId]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /wave 1 service accounts.*: started/);
    assert.match(run.stdout, /1 manual task/);
    assert.ok(run.stdout.includes(`wave 2 ${second.label}: starts ${second.startAt}`), run.stdout);
    assert.ok(run.stdout.includes(`next: \`reclaim run --yes\` at or after ${second.startAt}`), run.stdout);

    const status = cli(['status', '--campaign', campaignId]);
    assert.equal(status.status, 0, status.stderr);
    assert.ok(
      status.stdout.includes(`wave 1 ${plan.waves[0]!.label}: started ${plan.waves[0]!.startAt}`),
      status.stdout,
    );
    assert.ok(status.stdout.includes(`wave 2 ${second.label}: starts ${second.startAt}`), status.stdout);
    const json = JSON.parse(cli(['status', '--json', '--campaign', campaignId]).stdout) as {
      schedule: { waves: Array<{ number: number; startAt: string; state: string }>; nextStartAt: string };
    };
    assert.equal(json.schedule.nextStartAt, second.startAt);
    assert.deepEqual(
      json.schedule.waves.map((w) => [w.number, w.startAt, w.state]),
      [
        [1, plan.waves[0]!.startAt, 'started'],
        [2, second.startAt, 'later'],
      ],
    );
  });
});
