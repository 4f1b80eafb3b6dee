// The operator lifecycle through the console's HTTP API on a real SQLite store (Fastify inject):
// each change is read back from what the account can still do (sign in, use its session), from
// the store and from the audit log; the rules that keep it from being turned against its owners
// (only an admin changes an admin, never oneself, never the last admin) are attacked.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { base32Decode } from '../../src/app/auth/base32.ts';
import { totpAt } from '../../src/app/auth/totp.ts';
import { sessionCookie } from '../../src/server/create-console-server.ts';
import { startConsoleFixture, type ConsoleFixture, type Signed } from '../server/support/console-fixture.ts';

let f: ConsoleFixture;
before(async () => {
  f = await startConsoleFixture({ loginsPerMinute: 1000 });
});
after(async () => f.close());

async function change(by: Signed, username: string, what: string, body: object = {}) {
  const r = await f.server.inject({
    method: 'POST',
    url: `/api/operators/${username}/${what}`,
    cookies: { [sessionCookie]: by.cookie },
    headers: { 'x-csrf-token': by.csrf },
    payload: body,
  });
  return { status: r.statusCode, body: r.json() as Record<string, unknown> };
}
const sessionWorks = async (s: Signed) =>
  (await f.server.inject({ method: 'GET', url: '/api/session', cookies: { [sessionCookie]: s.cookie } })).statusCode ===
  200;
const codeOf = (r: { body: Record<string, unknown> }) => (r.body.error as { code: string } | undefined)?.code;
async function audited(action: string) {
  const store = await f.app.store();
  return store.db
    .selectFrom('auditLog')
    .select(['actor', 'target', 'details'])
    .where('action', '=', action)
    .orderBy('seq')
    .execute();
}

describe('operator lifecycle', () => {
  it('a commander lists the accounts with their sessions and locks', async () => {
    const commander = await f.as('commander');
    await f.as('operator');
    for (let i = 0; i < 5; i++) await f.login('viewer-1', { password: 'wrong', address: '192.0.2.5' });
    const r = await f.server.inject({
      method: 'GET',
      url: '/api/operators',
      cookies: { [sessionCookie]: commander.cookie },
    });
    assert.equal(r.statusCode, 200);
    const rows = (
      r.json() as {
        operators: Array<{
          username: string;
          role: string;
          openSessions: number;
          lockedAddresses: number;
          disabledAt: string | null;
        }>;
      }
    ).operators;
    const row = (name: string) => rows.find((o) => o.username === name)!;
    assert.ok(row('operator-1').openSessions >= 1);
    assert.equal(row('viewer-1').lockedAddresses, 1);
    assert.equal(row('admin-1').role, 'admin');
    assert.ok(
      !JSON.stringify(rows).includes('passwordHash') && !JSON.stringify(rows).includes('totp'),
      'no credential material listed',
    );
  });

  it('disable ends the sessions and refuses sign-in; enable gives sign-in back; both audited', async () => {
    const commander = await f.as('commander');
    const victim = await f.as('operator');
    const r = await change(commander, 'operator-1', 'disable', { reason: 'laptop stolen' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.ok(Number(r.body.endedSessions) >= 1);
    assert.equal(await sessionWorks(victim), false, 'the open session ended');
    assert.equal(codeOf(await f.login('operator-1')), 'AUTH_REQUIRED', 'the right password no longer signs in');
    assert.equal((await change(commander, 'operator-1', 'enable')).status, 200);
    assert.equal((await f.login('operator-1')).status, 200);
    const entries = await audited('operator.disable');
    assert.deepEqual([entries.at(-1)?.actor, entries.at(-1)?.target], ['commander-1', 'operator:operator-1']);
    assert.match(String(entries.at(-1)?.details), /laptop stolen/);
  });

  it('unlock lifts the lock a guesser put on the name', async () => {
    const admin = await f.as('admin');
    const address = '192.0.2.9';
    for (let i = 0; i < 5; i++) await f.login('helpdesk-1', { password: 'wrong', address });
    assert.equal(codeOf(await f.login('helpdesk-1', { address })), 'ACCOUNT_LOCKED');
    const r = await change(admin, 'helpdesk-1', 'unlock');
    assert.equal(r.body.unlocked, 1);
    assert.equal((await f.login('helpdesk-1', { address })).status, 200);
  });

  it('reset: the old password and authenticator stop working, the new ones shown once work', async () => {
    const admin = await f.as('admin');
    const before = await f.as('helpdesk');
    const r = await change(admin, 'helpdesk-1', 'reset');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(await sessionWorks(before), false);
    assert.equal(codeOf(await f.login('helpdesk-1')), 'AUTH_REQUIRED', 'old password and old TOTP secret refused');
    const secret = /secret=([A-Z2-7]+)/.exec(String(r.body.enrolmentUri))![1]!;
    f.totpSecrets.set('helpdesk-1', secret);
    f.clock.at = new Date(f.clock.at.getTime() + 30_000);
    const totp = totpAt(base32Decode(secret), (f.clock.at.getTime() + 30_000) / 1000);
    const fresh = await f.login('helpdesk-1', { password: String(r.body.password), totp });
    assert.equal(fresh.status, 200, JSON.stringify(fresh.body));
    const store = await f.app.store();
    const logged = JSON.stringify(await store.db.selectFrom('auditLog').selectAll().execute());
    assert.ok(!logged.includes(String(r.body.password)), 'the new password is not in the audit log');
  });

  it('refused: a commander changing an admin, anyone disabling or resetting themselves, unknown accounts and changes', async () => {
    const commander = await f.as('commander');
    const admin = await f.as('admin');
    assert.equal(codeOf(await change(commander, 'admin-1', 'disable')), 'PERMISSION_DENIED');
    assert.equal(codeOf(await change(commander, 'admin-1', 'reset')), 'PERMISSION_DENIED');
    assert.equal(codeOf(await change(commander, 'commander-1', 'disable')), 'PERMISSION_DENIED');
    const own = await change(admin, 'admin-1', 'disable');
    assert.equal(
      codeOf(own),
      'PERMISSION_DENIED',
      'the only admin cannot disable itself: an admin is disabled only by another, enabled admin',
    );
    assert.match(JSON.stringify(own.body), /own account/);
    assert.equal(codeOf(await change(admin, 'admin-1', 'reset')), 'PERMISSION_DENIED');
    assert.equal(codeOf(await change(admin, 'no-such-account', 'disable')), 'NOT_FOUND');
    assert.equal(codeOf(await change(admin, 'operator-1', 'delete')), 'INPUT_INVALID');
    assert.equal(await sessionWorks(admin), true);
    const store = await f.app.store();
    const admins = await store.db
      .selectFrom('operators')
      .select('username')
      .where('role', '=', 'admin')
      .where('disabledAt', 'is', null)
      .execute();
    assert.deepEqual(
      admins.map((a) => a.username),
      ['admin-1'],
    );
  });

  it('a session opened by single sign-on manages no account', async () => {
    const store = await f.app.store();
    const commander = await f.as('commander');
    await store.db
      .updateTable('sessions')
      .set({ authMethod: 'oidc' })
      .where(
        'operatorId',
        '=',
        (
          await store.db
            .selectFrom('operators')
            .select('id')
            .where('username', '=', 'commander-1')
            .executeTakeFirstOrThrow()
        ).id,
      )
      .execute();
    const r = await f.server.inject({
      method: 'GET',
      url: '/api/operators',
      cookies: { [sessionCookie]: commander.cookie },
    });
    assert.ok(r.statusCode === 401 || r.statusCode === 403, `${r.statusCode}`);
    assert.equal((await change(commander, 'viewer-1', 'disable')).status >= 401, true);
    const viewer = await store.db
      .selectFrom('operators')
      .select('disabledAt')
      .where('username', '=', 'viewer-1')
      .executeTakeFirstOrThrow();
    assert.equal(viewer.disabledAt, null);
  });
});
