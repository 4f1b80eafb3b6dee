// `reclaim run` interrupted by Ctrl-C (SIGINT to the CLI process) mid-wave: the writes in flight
// finish and are journaled, nothing is left claimed or in doubt, the command exits 130; the directory shows a
// write exactly for the actions the journal calls applied and none for the others. A second
// `reclaim run` resumes and finishes the wave: every user reset exactly once, none lost.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { ldapChange } from '../../src/directories/ad/ldap-change.ts';
import { startCampaignLab, type CampaignLab } from './support/campaign-lab.ts';

const users = 60;
let env: CampaignLab;

before(async () => {
  env = await startCampaignLab({ users });
});
after(async () => {
  await env?.close();
});

interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** NDJSON lines of stdout */
  events: Array<Record<string, unknown>>;
}

/** Runs the CLI; with `interruptAfterApplied`, sends SIGINT once that many actions were applied. */
function cli(
  args: string[],
  options: { operator?: string; token?: string; interruptAfterApplied?: number } = {},
): Promise<CliRun & { interruptedAt: number | null }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['bin/reclaim.mjs', '-c', env.configFile, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        RECLAIM_OPERATOR: options.operator ?? 'alice',
        ...(options.token ? { RECLAIM_OPERATOR_TOKEN: options.token } : {}),
      },
    });
    let stdout = '';
    let stderr = '';
    let applied = 0;
    let interruptedAt: number | null = null;
    let partial = '';
    proc.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const lines = (partial + d.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.includes('"outcome":"applied"')) applied += 1;
      if (
        options.interruptAfterApplied !== undefined &&
        interruptedAt === null &&
        applied >= options.interruptAfterApplied
      ) {
        interruptedAt = applied;
        proc.kill('SIGINT');
      }
    });
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.on('error', reject);
    proc.on('exit', (status) => {
      const events = stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      resolve({ status, stdout, stderr, events, interruptedAt });
    });
  });
}

describe('reclaim run interrupted', () => {
  it('Ctrl-C: in-flight writes journaled, exit 130; the next run resumes with nothing lost or repeated', async () => {
    await Promise.all(env.users.map((u) => env.admin.modify(u.dn, [ldapChange('replace', 'pwdLastSet', '-1')])));
    const versionBefore = new Map<string, number>();
    for (const u of env.users) versionBefore.set(u.sam, (await env.readUser(u)).unicodePwdVersion);
    for (const step of [['triage', '--answers', 'examples/triage-answers.yaml'], ['discover'], ['plan']]) {
      const r = await cli(step, step[0] === 'plan' ? { token: await env.token('alice') } : {});
      assert.equal(r.status, 0, `${step[0]}: ${r.stderr}`);
    }
    assert.equal((await cli(['approve'], { operator: 'bob', token: await env.token('bob') })).status, 0);

    const first = await cli(['run', '--all-waves', '--yes', '--json'], { interruptAfterApplied: 10 });
    assert.ok(
      first.interruptedAt !== null && first.interruptedAt >= 10,
      `the run was interrupted mid-wave: ${first.stderr}`,
    );
    assert.equal(first.status, 130, first.stderr);
    assert.match(first.stderr, /interrupted: finishing the writes in flight/);
    const result = first.events.find((e) => e.type === 'result') as
      | { summary: { stoppedBy: string; applied: number } }
      | undefined;
    assert.equal(result?.summary.stoppedBy, 'signal');
    const appliedEvents = first.events.filter((e) => e.type === 'action' && e.outcome === 'applied').length;
    assert.equal(result?.summary.applied, appliedEvents);

    const store = await env.app('alice').store();
    const kinds = await store.db.selectFrom('actions').select('kind').distinct().execute();
    assert.deepEqual(
      kinds.map((k) => k.kind),
      ['resetPassword'],
      'high assurance: a must-change reset (a unicodePwd write) for everyone',
    );
    const states = async () => store.db.selectFrom('actions').select(['id', 'state', 'identityName']).execute();
    const afterFirst = await states();
    assert.equal(afterFirst.length, users);
    assert.deepEqual(
      afterFirst.filter((a) => a.state === 'claimed'),
      [],
      'nothing left claimed: in-flight writes finished, the rest given back',
    );
    const appliedNames = new Set(
      afterFirst.filter((a) => a.state === 'applied').map((a) => a.identityName.toLowerCase()),
    );
    assert.equal(appliedNames.size, appliedEvents, 'the journal holds every write the run reported');
    assert.ok(appliedNames.size < users, `the run stopped before the end (${appliedNames.size} of ${users})`);
    // Graceful: nothing left in doubt (a write started without its outcome); the rest went back to planned.
    assert.deepEqual([...new Set(afterFirst.map((a) => a.state))].sort(), ['applied', 'planned']);
    const inDoubt = await store.db
      .selectFrom('journalEvents')
      .select('actionId')
      .where('event', '=', 'release-in-doubt')
      .execute();
    assert.deepEqual(inDoubt, [], 'no write left in doubt');
    // The directory agrees: a write exactly where the journal says applied.
    const disagree: string[] = [];
    for (const u of env.users) {
      const now = await env.readUser(u);
      const written = now.unicodePwdVersion - versionBefore.get(u.sam)!;
      const journaled = [...appliedNames].some((n) => n.includes(u.sam.toLowerCase()));
      if (written !== (journaled ? 1 : 0) || (now.pwdLastSet === '0') !== journaled)
        disagree.push(
          `${u.sam}: ${written} write(s), pwdLastSet ${now.pwdLastSet}, journal says ${journaled ? 'applied' : 'not applied'}`,
        );
    }
    assert.deepEqual(
      disagree,
      [],
      `the directory agrees with the journal (${appliedNames.size} applied: ${[...appliedNames].join(', ')})`,
    );

    const second = await cli(['run', '--all-waves', '--yes', '--json']);
    assert.equal(second.status, 0, second.stderr);
    const afterSecond = await states();
    assert.deepEqual(
      afterSecond.filter((a) => a.state !== 'applied').map((a) => `${a.identityName}:${a.state}`),
      [],
      'every action applied',
    );
    const ok = await store.db
      .selectFrom('journalEvents')
      .select('actionId')
      .where('event', 'in', ['apply-ok', 'recovered-applied'])
      .execute();
    const perAction = new Map<number, number>();
    for (const o of ok) perAction.set(Number(o.actionId), (perAction.get(Number(o.actionId)) ?? 0) + 1);
    assert.deepEqual(
      afterSecond.filter((a) => perAction.get(Number(a.id)) !== 1).map((a) => a.identityName),
      [],
      'one successful outcome per action',
    );
    for (const u of env.users) {
      const now = await env.readUser(u);
      assert.equal(now.unicodePwdVersion - versionBefore.get(u.sam)!, 1, `${u.sam} reset exactly once`);
      assert.equal(now.pwdLastSet, '0', `${u.sam} must change`);
    }
  });
});
