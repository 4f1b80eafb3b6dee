// Exit code 3 from `reclaim verify` on the lab AD (the row of test/cli/exit-codes.test.ts that
// needs a directory): a campaign run through the CLI (triage, discover, plan by alice, approval by
// bob, run), one user changes their password and the other does not; verify finishes, prints its
// result on stdout (the missed user, and only them) and exits 3 with INCOMPLETE in the --json error.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startCampaignLab, type CampaignLab } from '../e2e/support/campaign-lab.ts';

let env: CampaignLab;
before(async () => {
  env = await startCampaignLab({ users: 2 });
  writeFileSync(join(env.dir, 'answers.yaml'), 'indicators:\n  adDatabaseStaged: true\nknownCompromisedAccounts: []\n');
});
after(async () => {
  await env?.close();
});

const cli = (args: string[], token?: string) =>
  spawnSync(process.execPath, ['bin/reclaim.mjs', '-c', env.configFile, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RECLAIM_OPERATOR: 'alice', RECLAIM_OPERATOR_TOKEN: token ?? '' },
  });

describe('exit code 3 from verify', () => {
  it('a user who did not change their password is missed: result on stdout, INCOMPLETE and exit 3', async () => {
    for (const [args, who] of [
      [['triage', '--answers', join(env.dir, 'answers.yaml')], undefined],
      [['discover'], undefined],
      [['plan'], 'alice'],
      [['approve'], 'bob'],
      [['run', '--all-waves', '--yes'], undefined],
    ] as const) {
      const run = cli([...args], who ? await env.token(who) : undefined);
      assert.equal(run.status, 0, `${args.join(' ')}: ${run.stderr}`);
    }
    const [changed, idle] = env.users;
    await env.userChangesPassword(changed!);
    const verify = cli(['verify', '--json']);
    assert.equal(verify.status, 3, verify.stderr);
    const result = JSON.parse(verify.stdout) as { missed: Array<{ identity: string }> };
    assert.deepEqual(
      result.missed.map((m) => m.identity),
      [idle!.sam],
    );
    const error = JSON.parse(verify.stderr.trimEnd().split('\n').at(-1)!) as {
      error: { code: string; message: string; where: string };
      exit: number;
    };
    assert.deepEqual(error, {
      error: { code: 'INCOMPLETE', message: '1 identity missed', where: 'reclaim verify' },
      exit: 3,
    });
  });
});
