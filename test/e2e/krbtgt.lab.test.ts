// The krbtgt double reset on the lab DC, through the CLI: `krbtgt status` says when the second
// reset is safe (the first reset's time plus the maximum ticket lifetime and replication from the
// config) and that an earlier one needs a second approver; `krbtgt reset` does the first reset
// (msDS-KeyVersionNumber read back from the DC moves by one), refuses the second before its time
// (TOO_EARLY), refuses it with --early while the plan has one approver (SECOND_APPROVER_REQUIRED),
// and does it once a second operator approved (the key version moves by one more).
// The key version is compared exactly: another test resetting the lab's krbtgt at the same moment
// (test/directories/ad/ad-actions.lab.test.ts) would show here. `npm test` runs one file at a time;
// by hand on a lab others use, take the EXCLUSIVE lab lock.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { KrbtgtStatus } from '../../src/app/campaign/krbtgt-steps.ts';
import { lab } from '../directories/ad/support/ad-test-lab.ts';
import { startCampaignLab, type CampaignLab } from './support/campaign-lab.ts';

let env: CampaignLab;
let krbtgtDn: string;

before(async () => {
  krbtgtDn = `CN=krbtgt,CN=Users,${lab().baseDn}`;
  // krbtgt is outside the operator's delegated OU: the Administrator binds.
  env = await startCampaignLab({
    users: 2,
    bindAs: 'admin',
    extraBaseDns: [krbtgtDn],
    extraConfig: 'krbtgt: { maxTicketLifetimeHours: 10, replicationHours: 2 }',
  });
  writeFileSync(
    join(env.dir, 'answers.yaml'),
    'indicators:\n  adDatabaseExfiltrated: true\nknownCompromisedAccounts: []\n',
  );
});
after(async () => {
  await env?.close();
});

/** token: a single-use console token proving the operator (approving commands need one) */
const cli = (args: string[], operator = 'alice', token?: string) =>
  spawnSync(process.execPath, ['bin/reclaim.mjs', '-c', env.configFile, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RECLAIM_OPERATOR: operator, ...(token ? { RECLAIM_OPERATOR_TOKEN: token } : {}) },
  });

const ok = (args: string[], operator = 'alice', token?: string) => {
  const r = cli(args, operator, token);
  assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

/** The journal of the krbtgt actions: per step, its state and events (with the DC's key versions). */
async function krbtgtJournal(): Promise<string> {
  const store = await env.app('alice').store();
  const actions = await store.db
    .selectFrom('actions')
    .select(['id', 'idempotencyKey', 'state'])
    .where('kind', '=', 'resetKrbtgt')
    .execute();
  const events = await store.db
    .selectFrom('journalEvents')
    .select(['actionId', 'event', 'details'])
    .where('actionId', 'in', actions.length > 0 ? actions.map((a) => a.id) : [-1])
    .execute();
  return JSON.stringify({ actions, events });
}

async function kvno(): Promise<number> {
  const { searchEntries } = await env.admin.search(krbtgtDn, { scope: 'base', attributes: ['msDS-KeyVersionNumber'] });
  return Number(searchEntries[0]!['msDS-KeyVersionNumber']);
}

describe('reclaim krbtgt', () => {
  it('first reset, the second refused before its time and without a second approver, then done', async () => {
    ok(['triage', '--answers', join(env.dir, 'answers.yaml')]);
    ok(['discover']);
    ok(['plan'], 'alice', await env.token('alice'));
    const bareName = cli(['approve', '--as', 'bob'], 'bob');
    assert.equal(bareName.status, 4, 'a typed name approves nothing');
    assert.match(bareName.stderr, /AUTH_REQUIRED/);
    ok(['approve'], 'bob', await env.token('bob'));

    const initial = JSON.parse(ok(['krbtgt', 'status', '--json'])) as KrbtgtStatus;
    assert.deepEqual(
      initial.accounts.map((a) => [a.name, a.next]),
      [['krbtgt', 'first']],
    );
    assert.equal(initial.accounts[0]!.secondWaitHours, 12, 'ticket lifetime 10 h + replication 2 h');
    assert.match(initial.accounts[0]!.secondWhy, /10 h.*replication \(2 h\)/);

    const v0 = await kvno();
    assert.match(ok(['krbtgt', 'reset', '--yes']), /krbtgt reset 1 of krbtgt: 1 applied, 0 failed/);
    const v1 = await kvno();
    assert.equal(v1, v0 + 1, 'the first reset moved the key version by one');

    const afterFirst = JSON.parse(ok(['krbtgt', 'status', '--json'])) as KrbtgtStatus;
    const a = afterFirst.accounts[0]!;
    assert.equal(a.next, 'second');
    assert.ok(a.firstAppliedAt);
    assert.equal(
      Date.parse(a.secondSafeAt!) - Date.parse(a.firstAppliedAt),
      12 * 3_600_000,
      'safe 12 h after the first reset was applied',
    );
    assert.equal(a.secondSafeNow, false);
    assert.deepEqual(afterFirst.approvers, ['bob']);
    assert.equal(afterFirst.earlySecondAllowed, false);
    const text = ok(['krbtgt', 'status']);
    assert.ok(text.includes(`second reset: safe from ${a.secondSafeAt}`), text);
    assert.match(text, /earlier is refused: it needs --early and a second approver of the plan \(approved by bob\)/);

    const tooEarly = cli(['krbtgt', 'reset', '--yes']);
    assert.equal(tooEarly.status, 4, tooEarly.stderr);
    assert.match(tooEarly.stderr, /TOO_EARLY/);
    const unproven = cli(['krbtgt', 'reset', '--early', '--yes']);
    assert.equal(unproven.status, 4, unproven.stderr);
    assert.match(unproven.stderr, /AUTH_REQUIRED/);
    const oneApprover = cli(['krbtgt', 'reset', '--early', '--yes'], 'alice', await env.token('alice'));
    assert.equal(oneApprover.status, 4, oneApprover.stderr);
    assert.match(oneApprover.stderr, /SECOND_APPROVER_REQUIRED/);
    assert.equal(await kvno(), v1, 'nothing written by the refused resets');

    ok(['approve'], 'carol', await env.token('carol'));
    const approved = JSON.parse(ok(['krbtgt', 'status', '--json'])) as KrbtgtStatus;
    assert.equal(approved.earlySecondAllowed, true);
    assert.match(
      ok(['krbtgt', 'status']),
      /earlier is allowed with --early \(the plan has two approvers: bob, carol\)/,
    );
    assert.match(
      ok(['krbtgt', 'reset', '--early', '--yes'], 'alice', await env.token('alice')),
      /krbtgt reset 2 of krbtgt: 1 applied, 0 failed/,
    );
    assert.equal(
      await kvno(),
      v1 + 1,
      `the second reset moved the key version by one more; journal ${await krbtgtJournal()}`,
    );
    const done = JSON.parse(ok(['krbtgt', 'status', '--json'])) as KrbtgtStatus;
    assert.equal(done.accounts[0]!.next, 'done');
    assert.match(ok(['krbtgt', 'reset', '--yes']), /both krbtgt resets are done/);
    assert.equal(await kvno(), v1 + 1, 'no third reset');
  });
});
