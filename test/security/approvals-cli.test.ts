// ATTACKS on "no single person pushes a plan through", through the `reclaim` CLI in a child process,
// by alice, the plan's author, who knows other operators' names but not their credentials:
// - `reclaim plan` without proof is refused (AUTH_REQUIRED) and saves nothing; with her token the
//   version's author is the proven account;
// - `approve --as bob` is refused (AUTH_REQUIRED, exit 4); her own token: SECOND_APPROVER_REQUIRED;
// - `--login bob --password-stdin` with a guessed password is refused and counted: the fifth failure
//   locks bob's account (the right password is then refused too); the audit log names the actor
//   'unauthenticated' and keeps 'bob' only as the claimed name;
// - tokens: a replayed one (used twice), an expired one, one of a disabled account, one of a
//   helpdesk or viewer account (PERMISSION_DENIED) approve nothing.
// After each attempt the approvals table is read back.
import { nameKeyOf } from '../../src/store/operators/login-failures.ts';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { approvePlan } from '../../src/app/campaign/approve-plan.ts';
import { recordTriage } from '../../src/app/campaign/record-triage.ts';
import { withActor } from '../../src/app/create-app.ts';
import { proveOperator } from '../../src/app/operators/prove-operator.ts';
import { parseTriageAnswersFile } from '../../src/app/triage/parse-triage-answers.ts';
import { Secret } from '../../src/core/secret.ts';
import { base32Decode } from '../../src/app/auth/base32.ts';
import { totpAt } from '../../src/app/auth/totp.ts';
import { issueOperatorToken } from '../../src/store/operators/operator-tokens.ts';
import { anIdentity } from '../core/support/an-identity.ts';
import { ensureOperator, operatorToken, testOperatorPassword } from '../support/proven-operator.ts';
import { codeOf } from './support/code-of.ts';
import { discovered } from './support/discovered.ts';
import { aSecurityApp, type SecurityApp } from './support/security-app.ts';

let s: SecurityApp;
let campaignId: string;
const totpSecrets = new Map<string, string>();

before(async () => {
  s = await aSecurityApp();
  const { answeredBy: _by, ...answers } = parseTriageAnswersFile('examples/triage-answers.yaml');
  ({ campaignId } = await recordTriage(s.app, { answers, name: 'approvals', newCampaign: true }));
  const identities = [...s.ad.users.values()].map((u) => anIdentity({ name: u.name, key: u.key }));
  await discovered(await s.app.store(), { campaignId, directory: 'corp-ad', identities, now: new Date() });
  for (const name of ['alice', 'bob', 'carol']) totpSecrets.set(name, (await ensureOperator(s.app, name)).totpSecret!);
});
after(async () => s?.close());

function reclaim(args: string[], options: { token?: string; as?: string; stdin?: string } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, RECLAIM_OPERATOR: options.as ?? 'alice' };
  delete env.RECLAIM_OPERATOR_TOKEN;
  if (options.token) env.RECLAIM_OPERATOR_TOKEN = options.token;
  const r = spawnSync(process.execPath, ['bin/reclaim.mjs', '-c', s.configFile, ...args, '--campaign', campaignId], {
    encoding: 'utf8',
    input: options.stdin ?? '',
    env,
  });
  return { status: r.status, code: /\b([A-Z][A-Z_]{3,})\b/.exec(r.stderr)?.[1] ?? null, stderr: r.stderr };
}

const refusedWith = (r: ReturnType<typeof reclaim>, code: string) => {
  assert.equal(r.status, 4, r.stderr);
  assert.equal(r.code, code, r.stderr);
};

async function versions() {
  const store = await s.app.store();
  return store.db
    .selectFrom('planVersions')
    .innerJoin('plans', 'plans.id', 'planVersions.planId')
    .select(['planVersions.id', 'planVersions.createdBy'])
    .where('plans.campaignId', '=', campaignId)
    .execute();
}

async function approvers(): Promise<string[]> {
  const store = await s.app.store();
  const ids = (await versions()).map((v) => v.id);
  if (ids.length === 0) return [];
  return (
    await store.db
      .selectFrom('approvals')
      .select('approver')
      .where('planVersionId', 'in', ids)
      .orderBy('approver')
      .execute()
  ).map((a) => a.approver);
}

const totpNow = (name: string) => totpAt(base32Decode(totpSecrets.get(name)!), Date.now() / 1000);

async function audit(action: string) {
  const store = await s.app.store();
  const rows = await store.db
    .selectFrom('auditLog')
    .select(['actor', 'details'])
    .where('action', '=', action)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    ...(JSON.parse(r.details) as { proof?: string; claimed?: string; code?: string }),
    actor: r.actor,
  }));
}

describe('approvals through the CLI', () => {
  it('a plan is authored only by a proven account', async () => {
    refusedWith(reclaim(['plan'], { as: 'alice' }), 'AUTH_REQUIRED');
    assert.deepEqual(await versions(), [], 'nothing saved without proof');
    const made = reclaim(['plan'], { token: await operatorToken(s.app, 'alice') });
    assert.equal(made.status, 0, made.stderr);
    assert.deepEqual(
      (await versions()).map((v) => v.createdBy),
      ['alice'],
    );
    assert.deepEqual(
      (await audit('plan.create')).map((a) => [a.actor, a.proof]),
      [['alice', 'cli-token']],
    );
  });

  it('the author cannot approve under another name, nor as herself, nor with a role that may not approve', async () => {
    refusedWith(reclaim(['approve', '--as', 'bob'], { as: 'bob' }), 'AUTH_REQUIRED');
    refusedWith(reclaim(['approve'], { token: await operatorToken(s.app, 'alice') }), 'SECOND_APPROVER_REQUIRED');
    refusedWith(reclaim(['approve'], { token: await operatorToken(s.app, 'hd-1', 'helpdesk') }), 'PERMISSION_DENIED');
    // a viewer's token, proven the way the CLI proves it (operator-proof.ts), in this process
    const viewer = withActor(
      s.app,
      await proveOperator(s.app, { kind: 'token', token: new Secret(await operatorToken(s.app, 'vw-1', 'viewer')) }),
    );
    assert.equal(await codeOf(approvePlan(viewer, { campaignId })), 'PERMISSION_DENIED');
    assert.deepEqual(await approvers(), []);
  });

  it('a guessed password is refused and counted: five lock the name at the CLI, the audit names nobody', async () => {
    const store = await s.app.store();
    for (let i = 1; i <= 5; i++) {
      const expected = i < 5 ? 'AUTH_REQUIRED' : 'ACCOUNT_LOCKED';
      // the first and the locking guess through the CLI; those between through proveOperator, what it calls
      if (i === 1 || i === 5)
        refusedWith(
          reclaim(['approve', '--login', 'bob', '--password-stdin'], { stdin: `guess-${i}\n${totpNow('bob')}\n` }),
          expected,
        );
      else
        assert.equal(
          await codeOf(
            proveOperator(s.app, {
              kind: 'password',
              username: 'bob',
              password: new Secret(`guess-${i}`),
              totp: totpNow('bob'),
            }),
          ),
          expected,
        );
      const row = await store.db
        .selectFrom('loginFailures')
        .select(['failures', 'lockedUntil'])
        .where('nameKey', '=', nameKeyOf('bob'))
        .where('address', '=', 'cli')
        .executeTakeFirstOrThrow();
      assert.equal(Number(row.failures), i === 5 ? 0 : i, `attempt ${i} counted`);
      assert.equal(row.lockedUntil !== null, i === 5, `locked after 5 (attempt ${i})`);
    }
    // locked: bob's real password and a fresh code are refused too (alice might have shoulder-surfed it)
    refusedWith(
      reclaim(['approve', '--login', 'bob', '--password-stdin'], {
        stdin: `${testOperatorPassword}\n${totpNow('bob')}\n`,
      }),
      'ACCOUNT_LOCKED',
    );
    assert.deepEqual(await approvers(), []);
    const refusals = await audit('cli.operator.refused');
    assert.deepEqual(
      refusals.map((r) => [r.actor, r.claimed, r.code]),
      [
        ...Array.from({ length: 4 }, () => ['unauthenticated', 'bob', 'AUTH_REQUIRED']),
        ['unauthenticated', 'bob', 'ACCOUNT_LOCKED'],
        ['unauthenticated', 'bob', 'ACCOUNT_LOCKED'],
      ],
    );
    const asBob = await store.db.selectFrom('auditLog').select('action').where('actor', '=', 'bob').execute();
    assert.deepEqual(asBob, [], 'nothing in the audit log is attributed to bob');
  });

  it('tokens: an expired one, one of a disabled account, and a replayed one approve nothing', async () => {
    const store = await s.app.store();
    const dave = await ensureOperator(s.app, 'dave');
    const expired = await issueOperatorToken(store, {
      operatorId: dave.id,
      purpose: 'test',
      ttlMs: 60_000,
      now: new Date(Date.now() - 120_000),
    });
    refusedWith(reclaim(['approve'], { token: expired.token }), 'AUTH_REQUIRED');
    const erin = await operatorToken(s.app, 'erin');
    await store.db
      .updateTable('operators')
      .set({ disabledAt: new Date().toISOString() })
      .where('username', '=', 'erin')
      .execute();
    refusedWith(reclaim(['approve'], { token: erin }), 'AUTH_REQUIRED');
    assert.deepEqual(await approvers(), []);

    const once = await operatorToken(s.app, 'dave');
    const first = reclaim(['approve'], { token: once });
    assert.equal(first.status, 0, first.stderr);
    assert.deepEqual(await approvers(), ['dave']);
    refusedWith(reclaim(['approve'], { token: once }), 'AUTH_REQUIRED');
    assert.deepEqual(await approvers(), ['dave'], 'the replay added nothing');
    assert.deepEqual(
      (await audit('plan.approve')).map((a) => [a.actor, a.proof]),
      [['dave', 'cli-token']],
    );
  });

  it('the real credentials of a second operator approve, and the audit names that account', async () => {
    const r = reclaim(['approve', '--login', 'carol', '--password-stdin'], {
      stdin: `${testOperatorPassword}\n${totpNow('carol')}\n`,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(await approvers(), ['carol', 'dave']);
    assert.deepEqual(
      (await audit('plan.approve')).map((a) => [a.actor, a.proof]),
      [
        ['dave', 'cli-token'],
        ['carol', 'password+totp'],
      ],
    );
  });
});
