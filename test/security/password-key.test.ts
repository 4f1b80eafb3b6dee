// ATTACKS on "passwords nobody can recompute":
// - a worker started on a campaign with no reset in sight must not pick a stand-in key: a reset
//   inserted later gets the password derived from the real key, never from a public string;
// - a krbtgt password is random (not derived from any key, different every time);
// - a worker holding another key refuses before it writes (PASSWORD_KEY_MISMATCH);
// - a key that is missing, short or readable by others is refused by `config check` and at run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { executeDueActions } from '../../src/app/campaign/run-campaign.ts';
import { ActionPasswords } from '../../src/engine/action-passwords.ts';
import { Secret } from '../../src/core/secret.ts';
import { insertActions } from '../../src/store/actions/insert-actions.ts';
import { aSecurityApp, type SecurityApp } from './support/security-app.ts';

const opened: SecurityApp[] = [];
after(async () => Promise.all(opened.map((s) => s.close())));

async function insert(
  s: SecurityApp,
  kind: string,
  userIndex: number,
  tag: string,
  params: Record<string, unknown> = {},
): Promise<number> {
  const store = await s.app.store();
  const user = [...s.ad.users.values()][userIndex]!;
  const idempotencyKey = `${s.campaignId}/${tag}/${user.key}/${kind}`;
  await insertActions(
    store,
    [
      {
        campaignId: s.campaignId,
        waveId: null,
        directory: 'corp-ad',
        identityKey: user.key,
        identityName: user.name,
        kind,
        params,
        idempotencyKey,
      },
    ],
    new Date(),
  );
  return Number(
    (
      await store.db
        .selectFrom('actions')
        .select('id')
        .where('idempotencyKey', '=', idempotencyKey)
        .executeTakeFirstOrThrow()
    ).id,
  );
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`timed out waiting for ${what}`);
}

const stateOf = async (s: SecurityApp, id: number) =>
  (await (await s.app.store()).db.selectFrom('actions').select('state').where('id', '=', id).executeTakeFirstOrThrow())
    .state;

describe('the password key', () => {
  it('a worker started with only must-change actions uses the real key for a reset inserted later; krbtgt gets a random password', async () => {
    const s = await aSecurityApp();
    opened.push(s);
    const first = await insert(s, 'requireChange', 0, 'wave');
    const stop = new AbortController();
    const worker = executeDueActions(s.app, s.campaignId, { untilDone: false, signal: stop.signal });
    await until(async () => (await stateOf(s, first)) === 'applied', 'the must-change');
    // another process inserts password work while the worker runs
    const reset = await insert(s, 'resetPassword', 1, 'later', { mustChange: true });
    const krbtgt = await insert(s, 'resetKrbtgt', 2, 'later', { step: 1 });
    await until(
      async () => (await stateOf(s, reset)) === 'applied' && (await stateOf(s, krbtgt)) === 'applied',
      'the reset and the krbtgt step',
    );
    stop.abort();
    await worker;

    const resetUser = [...s.ad.users.values()][1]!;
    const krbtgtUser = [...s.ad.users.values()][2]!;
    const set = s.ad.writesTo(resetUser.key, 'resetPassword')[0]!.password!;
    const real = new ActionPasswords(() => new Secret(s.key), s.campaignId);
    const placeholder = new ActionPasswords(() => new Secret(`no-password-actions/${s.campaignId}`), s.campaignId);
    assert.equal(
      set,
      (await real.passwordFor(reset, [resetUser.name])).reveal(),
      'the reset password comes from the real key',
    );
    assert.notEqual(set, (await placeholder.passwordFor(reset, [resetUser.name])).reveal());

    const krbtgtSet = s.ad.writesTo(krbtgtUser.key, 'resetKrbtgt')[0]!.password!;
    assert.ok(krbtgtSet.length >= 32);
    for (const passwords of [real, placeholder])
      assert.notEqual(
        krbtgtSet,
        (await passwords.passwordFor(krbtgt, [krbtgtUser.name])).reveal(),
        'krbtgt is not derived',
      );
    const again = await insert(s, 'resetKrbtgt', 2, 'second', { step: 2 });
    await executeDueActions(s.app, s.campaignId, { untilDone: true });
    assert.equal(await stateOf(s, again), 'applied');
    assert.notEqual(
      s.ad.writesTo(krbtgtUser.key, 'resetKrbtgt')[1]!.password,
      krbtgtSet,
      'a new random value each time',
    );
    // the store holds no krbtgt fingerprint (nothing to test a guess against) and the campaign's key fingerprint
    const store = await s.app.store();
    const row = await store.db
      .selectFrom('actions')
      .select('secretFingerprint')
      .where('id', '=', krbtgt)
      .executeTakeFirstOrThrow();
    assert.equal(row.secretFingerprint, null);
    const campaign = await store.db
      .selectFrom('campaigns')
      .select('passwordKeyFingerprint')
      .where('id', '=', s.campaignId)
      .executeTakeFirstOrThrow();
    assert.match(campaign.passwordKeyFingerprint ?? '', /^[0-9a-f]{32}$/);
    assert.ok(
      !JSON.stringify(await store.db.selectFrom('campaigns').selectAll().execute()).includes(s.key),
      'the key itself is not stored',
    );
  });

  it('a worker holding another key refuses before writing, and the action waits for the right key', async () => {
    const s = await aSecurityApp();
    opened.push(s);
    const first = await insert(s, 'resetPassword', 0, 'a', { mustChange: true });
    await executeDueActions(s.app, s.campaignId, { untilDone: true });
    assert.equal(await stateOf(s, first), 'applied');
    const writes = s.ad.writes.length;

    const second = await insert(s, 'resetPassword', 1, 'b', { mustChange: true });
    const intruder = s.another({ key: 'attacker-chosen-key-0123456789abcdefghijkl' });
    const summary = await executeDueActions(intruder, s.campaignId, { untilDone: true });
    assert.equal(summary.stoppedBy, 'refused');
    assert.equal(summary.refusal?.code, 'PASSWORD_KEY_MISMATCH');
    assert.equal(s.ad.writes.length, writes, 'nothing written with the other key');
    assert.equal(await stateOf(s, second), 'planned');

    await executeDueActions(s.app, s.campaignId, { untilDone: true });
    assert.equal(await stateOf(s, second), 'applied', 'the right key finishes it');
  });

  it('a key readable by others, or too short, is refused at run and by config check', async () => {
    const s = await aSecurityApp();
    opened.push(s);
    const reset = await insert(s, 'resetPassword', 0, 'a', { mustChange: true });
    chmodSync(s.keyFile, 0o644);
    const summary = await executeDueActions(s.app, s.campaignId, { untilDone: true });
    assert.equal(summary.refusal?.code, 'CONFIG_INVALID');
    assert.match(summary.refusal?.message ?? '', /readable by others/);
    assert.equal(s.ad.writes.length, 0);
    assert.equal(await stateOf(s, reset), 'planned');

    const check = (env: NodeJS.ProcessEnv = { RECLAIM_TEST_UNUSED: 'bind-password' }) =>
      spawnSync(process.execPath, ['bin/reclaim.mjs', '-c', s.configFile, 'config', 'check', '--json'], {
        encoding: 'utf8',
        env: { ...process.env, ...env },
      });
    let r = check();
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stdout, /engine\.passwordKey[\s\S]*readable by others \(mode 0644\)/);
    assert.match(r.stdout, /"line":\s*\d+/);
    chmodSync(s.keyFile, 0o600);
    assert.equal(check().status, 0);
    writeFileSync(s.keyFile, 'short-key', { mode: 0o600 });
    r = check();
    assert.equal(r.status, 2);
    assert.match(r.stdout, /9 characters, at least 32/);
    writeFileSync(
      s.configFile,
      readFileSync(s.configFile, 'utf8').replace(`file:${s.keyFile}`, 'env:RECLAIM_TEST_KEY_UNSET'),
    );
    r = check();
    assert.equal(r.status, 2);
    assert.match(r.stdout, /environment variable RECLAIM_TEST_KEY_UNSET is not set/);
  });

  it('reclaim key create writes a 256-bit key with mode 0600 and never overwrites one', async () => {
    const s = await aSecurityApp();
    opened.push(s);
    const file = join(s.dir, 'new.key');
    const created = spawnSync(process.execPath, ['bin/reclaim.mjs', 'key', 'create', file, '--json'], {
      encoding: 'utf8',
    });
    assert.equal(created.status, 0, created.stderr);
    assert.ok(existsSync(file));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const key = readFileSync(file, 'utf8').trim();
    assert.equal(Buffer.from(key, 'base64url').length, 32);
    const again = spawnSync(process.execPath, ['bin/reclaim.mjs', 'key', 'create', file], { encoding: 'utf8' });
    assert.equal(again.status, 2);
    assert.match(again.stderr, /never overwritten/);
    assert.equal(readFileSync(file, 'utf8').trim(), key, 'the key is unchanged');
  });
});
