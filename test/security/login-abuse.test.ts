// Login abuse against the console, on a real SQLite store through HTTP (Fastify inject with the
// client's address): a guesser cannot lock an operator out from another address, the lock doubles
// with each repeat, the answers do not tell which names exist (unknown, disabled and real names
// answer alike), and a console left unused ends after the idle timeout.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sessionCookie } from '../../src/server/create-console-server.ts';
import { startConsoleFixture, type ConsoleFixture } from '../server/support/console-fixture.ts';

let f: ConsoleFixture;
before(async () => {
  f = await startConsoleFixture({ loginsPerMinute: 1000 });
});
after(async () => f.close());

const codeOf = (r: { body: Record<string, unknown> }) => (r.body.error as { code: string } | undefined)?.code;
const messageOf = (r: { body: Record<string, unknown> }) =>
  String((r.body.error as { message: string } | undefined)?.message);
const minutes = (n: number) => {
  f.clock.at = new Date(f.clock.at.getTime() + n * 60_000);
};

describe('login abuse', () => {
  it('a guesser at one address locks only that address: the operator signs in from theirs', async () => {
    const attacker = '192.0.2.66';
    for (let i = 0; i < 4; i++)
      assert.equal(codeOf(await f.login('operator-1', { password: `guess-${i}`, address: attacker })), 'AUTH_REQUIRED');
    const fifth = await f.login('operator-1', { password: 'guess-4', address: attacker });
    assert.equal(fifth.status, 429);
    assert.equal(codeOf(fifth), 'ACCOUNT_LOCKED');
    assert.equal(
      codeOf(await f.login('operator-1', { address: attacker })),
      'ACCOUNT_LOCKED',
      'the right password is refused at the locked address',
    );
    const owner = await f.login('operator-1', { address: '198.51.100.10' });
    assert.equal(owner.status, 200, JSON.stringify(owner.body));
    assert.ok(owner.signed, 'the operator got a session from their own address');
  });

  it('each new lock of the same pair lasts twice as long, up to 15 minutes', async () => {
    const address = '192.0.2.77';
    const lockFor = async (): Promise<number> => {
      let last: Awaited<ReturnType<ConsoleFixture['login']>> | undefined;
      for (let i = 0; i < 5; i++) last = await f.login('viewer-1', { password: 'wrong', address });
      assert.equal(codeOf(last!), 'ACCOUNT_LOCKED');
      const until = /after (\S+Z)/.exec(messageOf(last!))![1]!;
      return Math.round((new Date(until).getTime() - f.clock.at.getTime()) / 60_000);
    };
    const lengths: number[] = [];
    for (let round = 0; round < 6; round++) {
      lengths.push(await lockFor());
      minutes(lengths.at(-1)! + 1);
    }
    assert.deepEqual(lengths, [1, 2, 4, 8, 15, 15]);
    assert.equal((await f.login('viewer-1', { address })).status, 200, 'after the lock, the right password works');
  });

  it('an unknown name, a disabled account and a real one answer alike, locks included', async () => {
    const store = await f.app.store();
    await store.db
      .updateTable('operators')
      .set({ disabledAt: f.clock.at.toISOString() })
      .where('username', '=', 'alice')
      .execute();
    const address = '192.0.2.88';
    const normalise = (r: Awaited<ReturnType<ConsoleFixture['login']>>) => ({
      status: r.status,
      code: codeOf(r),
      message: messageOf(r).replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/, 'TIME'),
      cookie: r.signed !== undefined,
    });
    const answers: Record<string, Array<ReturnType<typeof normalise>>> = { real: [], unknown: [], disabled: [] };
    // (each sign-in moves the fixture's clock 30 s: the sixth try falls inside the first, 1-minute lock)
    for (let i = 0; i < 6; i++)
      answers.real!.push(normalise(await f.login('helpdesk-1', { password: 'wrong', address })));
    for (let i = 0; i < 6; i++)
      answers.unknown!.push(normalise(await f.login('no-such-operator', { password: 'wrong', address })));
    // the disabled account's own, right password: still answered like a wrong one
    for (let i = 0; i < 6; i++) answers.disabled!.push(normalise(await f.login('alice', { address })));
    assert.deepEqual(answers.unknown, answers.real);
    assert.deepEqual(answers.disabled, answers.real);
    assert.deepEqual(
      answers.real!.map((a) => a.code),
      ['AUTH_REQUIRED', 'AUTH_REQUIRED', 'AUTH_REQUIRED', 'AUTH_REQUIRED', 'ACCOUNT_LOCKED', 'ACCOUNT_LOCKED'],
    );
    const kept = await store.db.selectFrom('loginFailures').selectAll().execute();
    assert.ok(
      kept.every((row) => /^[0-9a-f]{64}$/.test(row.nameKey)),
      'typed names are kept only as hashes',
    );
  });

  it('a console session unused for 30 minutes ends; one in use stays', async () => {
    const signed = await f.as('commander');
    const session = () =>
      f.server.inject({ method: 'GET', url: '/api/session', cookies: { [sessionCookie]: signed.cookie } });
    minutes(29);
    assert.equal((await session()).statusCode, 200, 'used within 30 minutes');
    minutes(29);
    assert.equal((await session()).statusCode, 200, '29 minutes after the last use');
    minutes(31);
    const ended = await session();
    assert.equal(ended.statusCode, 401);
    assert.match(String((ended.json() as { error: { message: string } }).error.message), /30 minutes without use/);
    assert.equal((await session()).statusCode, 401, 'the ended session is gone for good');
  });
});
