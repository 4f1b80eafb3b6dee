// Tracked manual tasks, end to end on the lab's Samba AD DC and through the CLI: a privileged
// account (a member of a group configured as privileged) gets a task when its wave runs, not a
// directory write; the task is listed, assigned to a named admin, claimed done without a real
// change, and `reclaim verify` says missed (exit 3) because the directory shows no new password;
// the admin then really resets it, and `reclaim tasks verify` and `reclaim verify` mark it verified
// from the directory's pwdLastSet; status and the report show it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { approvePlan } from '../../src/app/campaign/approve-plan.ts';
import { campaignStatus } from '../../src/app/campaign/campaign-status.ts';
import { discoverDirectories } from '../../src/app/campaign/discover-directories.ts';
import { makePlan } from '../../src/app/campaign/make-plan.ts';
import { recordTriage } from '../../src/app/campaign/record-triage.ts';
import type { App } from '../../src/app/create-app.ts';
import { collectReportData } from '../../src/app/reports/collect-report-data.ts';
import type { ReportData } from '../../src/reports/report-data.ts';
import { verifyAuditChain } from '../../src/store/audit/verify-audit-chain.ts';
import { listManualTasks } from '../../src/store/tasks/list-manual-tasks.ts';
import type { ManualTaskRow } from '../../src/store/tasks/manual-task-row.ts';
import { proven } from '../support/proven-operator.ts';
import { startCampaignLab, type CampaignLab } from './support/campaign-lab.ts';

let env: CampaignLab;
before(async () => {
  env = await startCampaignLab({ users: 3, privilegedUsers: 1 });
});
after(async () => {
  await env?.close();
});

/** token: a console token proving the operator (RECLAIM_OPERATOR_TOKEN); without it the name only labels */
const cli = (args: string[], operator: string, token?: string) =>
  spawnSync(process.execPath, ['bin/reclaim.mjs', '-c', env.configFile, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RECLAIM_OPERATOR: operator, ...(token ? { RECLAIM_OPERATOR_TOKEN: token } : {}) },
  });

function ok(result: ReturnType<typeof cli>, code = 0): string {
  assert.equal(result.status, code, `exit ${result.status}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  return result.stdout;
}

// The task as the store holds it (read in this process: each CLI start costs seconds on a busy machine).
const storedTask = async (app: App, campaignId: string, id: number) =>
  (await listManualTasks(await app.store(), { campaignId, ids: [id] }))[0]!;

describe('tracked manual tasks on the lab AD', () => {
  it('a privileged reset is assigned, claimed, missed until the directory shows it, then verified', async () => {
    const admin = env.privileged[0]!;
    const people = env.users.filter((u) => u !== admin);
    const alice = env.app('alice');
    const { campaignId } = await recordTriage(alice, {
      answers: {
        indicators: { adDatabaseStaged: { answer: true, evidence: 'vssadmin on DC01' } },
        knownCompromisedAccounts: [],
      },
    });
    await discoverDirectories(alice, { campaignId });
    const { plan } = await makePlan(await proven(alice), { campaignId });
    assert.equal(plan.totals.byTreatment.privilegedManualReset, 1, JSON.stringify(plan.totals.byTreatment));
    await approvePlan(await proven(env.app('bob')), { campaignId });
    const pwdLastSetBefore = (await env.readUser(admin)).pwdLastSet;

    ok(cli(['run', '--all-waves', '--yes'], 'alice'));
    // The privileged account got a task, not a directory write.
    assert.equal(
      (await env.readUser(admin)).pwdLastSet,
      pwdLastSetBefore,
      'the engine never touches the privileged account',
    );
    const opened = JSON.parse(ok(cli(['tasks', 'list', '--json'], 'alice'))) as { tasks: ManualTaskRow[] };
    assert.equal(opened.tasks.length, 1);
    const task = opened.tasks[0]!;
    assert.deepEqual(
      [task.kind, task.state, task.identityName, task.assignee],
      ['privileged-reset', 'open', admin.sam, null],
    );
    const status = await campaignStatus(alice, { campaignId });
    assert.deepEqual(
      [status.tasks.total, status.tasks.byState.open, status.tasks.byKind['privileged-reset'].open],
      [1, 1, 1],
    );

    // Assigned to a named admin (her console account) by a proven operator; only she may claim it,
    // proven: a typed name is refused, and so is another proven account.
    const danaToken = await env.token('dana');
    const unproven = cli(['tasks', 'assign', String(task.id), '--to', 'dana'], 'alice');
    assert.equal(unproven.status, 4, unproven.stderr);
    assert.match(unproven.stderr, /AUTH_REQUIRED/);
    ok(cli(['tasks', 'assign', String(task.id), '--to', 'dana'], 'alice', await env.token('alice')));
    const typedName = cli(['tasks', 'done', String(task.id), '--as', 'dana'], 'dana');
    assert.equal(typedName.status, 4, typedName.stderr);
    assert.match(typedName.stderr, /AUTH_REQUIRED/);
    const someoneElse = cli(['tasks', 'done', String(task.id)], 'mallory', await env.token('mallory'));
    assert.equal(someoneElse.status, 4, someoneElse.stderr);
    assert.match(someoneElse.stderr, /TASK_TRANSITION_REFUSED/);
    ok(cli(['tasks', 'done', String(task.id), '--note', 'reset from the PAW'], 'dana', danaToken));
    assert.equal((await storedTask(alice, campaignId, task.id)).state, 'done');

    // The other people change their own password; the claim alone verifies nothing.
    for (const user of people) await env.userChangesPassword(user);
    const early = cli(['tasks', 'verify', String(task.id)], 'alice');
    assert.equal(early.status, 3, early.stderr);
    const missed = cli(['verify', '--json'], 'alice');
    assert.equal(missed.status, 3, missed.stderr);
    const verdict = JSON.parse(missed.stdout) as {
      checked: number;
      changed: number;
      missed: Array<{ identity: string; reason: string }>;
      tasks: { verified: number; missed: number };
    };
    assert.deepEqual(
      verdict.missed.map((m) => m.identity),
      [admin.sam],
      'only the privileged account is missed',
    );
    assert.match(verdict.missed[0]!.reason, new RegExp(`task ${task.id} .*dana reported it done`));
    assert.deepEqual([verdict.checked, verdict.changed, verdict.tasks.missed], [3, 2, 1]);
    assert.equal((await storedTask(alice, campaignId, task.id)).state, 'missed');
    const missedReport = await collectReportData(alice, { campaignId });
    assert.deepEqual(
      missedReport.missed.map((m) => [m.name, m.status]),
      [[admin.sam, `task ${task.id} missed`]],
    );

    // The admin really resets the password: the directory now shows it.
    await env.helpdeskResets(admin);
    const verified = JSON.parse(ok(cli(['tasks', 'verify', '--json'], 'alice'))) as {
      verified: ManualTaskRow[];
      notVerified: unknown[];
    };
    assert.deepEqual([verified.verified.map((t) => t.id), verified.notVerified], [[task.id], []]);
    const done = await storedTask(alice, campaignId, task.id);
    assert.equal(done.state, 'verified');
    assert.ok(
      done.changedAt && Date.parse(done.changedAt) > Date.parse(done.assignedAt!),
      `the change (${done.changedAt}) follows the assignment (${done.assignedAt})`,
    );
    const clean = JSON.parse(ok(cli(['verify', '--json'], 'alice'))) as {
      checked: number;
      changed: number;
      missed: unknown[];
    };
    assert.deepEqual([clean.checked, clean.changed, clean.missed.length], [3, 3, 0]);

    ok(cli(['report', '--out', join(env.dir, 'report')], 'alice'));
    const report = JSON.parse(readFileSync(join(env.dir, 'report', 'report.json'), 'utf8')) as ReportData;
    assert.deepEqual(report.missed, []);
    assert.deepEqual(
      report.tasks.list.map((t) => [t.id, t.state, t.assignee, t.doneBy, t.note]),
      [[task.id, 'verified', 'dana', 'dana', 'reset from the PAW']],
    );
    assert.equal(report.identities.find((r) => r.name === admin.sam)?.status, 'verified');
    const html = readFileSync(join(env.dir, 'report', 'report.html'), 'utf8');
    assert.match(html, /data-metric="tasks-verified">1</);
    assert.match(html, /data-metric="missed">0</);

    // Every step is in the audit log, by whoever took it, and the chain holds.
    const store = await alice.store();
    const audit = await store.db
      .selectFrom('auditLog')
      .select(['actor', 'action'])
      .where('target', '=', `task:${task.id}`)
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      audit.map((a) => `${a.actor} ${a.action}`),
      ['alice task.assign', 'dana task.done', 'alice task.miss', 'alice task.verify'],
    );
    assert.equal((await verifyAuditChain(store)).ok, true);
  });
});
