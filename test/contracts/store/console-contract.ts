import assert from 'node:assert/strict';
import { it } from 'node:test';
import { listVerifications, recordVerification } from '../../../src/store/helpdesk/record-verification.ts';
import { createOperator, findOperatorByUsername } from '../../../src/store/operators/create-operator.ts';
import {
  createSession,
  deleteExpiredSessions,
  deleteSession,
  findLiveSession,
  touchSession,
} from '../../../src/store/operators/operator-sessions.ts';
import {
  clearLoginFailures,
  nameKeyOf,
  readLoginLock,
  recordLoginFailure,
  unlockLoginName,
} from '../../../src/store/operators/login-failures.ts';
import type { Store } from '../../../src/store/open-store.ts';
import { aCampaign, at } from './store-fixtures.ts';

let n = 0;
const aUsername = () => `operator-${process.pid}-${(n += 1)}`;

export function consoleContract(store: () => Store): void {
  it('operators have unique usernames', async () => {
    const username = aUsername();
    await createOperator(store(), {
      username,
      displayName: 'Dana',
      role: 'helpdesk',
      passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$x$y',
      now: at(0),
    });
    await assert.rejects(
      createOperator(store(), { username, displayName: 'Other', role: 'admin', passwordHash: 'h', now: at(0) }),
      { code: 'STORE_CONFLICT' },
    );
    assert.equal((await findOperatorByUsername(store(), username))?.role, 'helpdesk');
    await assert.rejects(
      createOperator(store(), {
        username: aUsername(),
        displayName: 'x',
        role: 'root' as never,
        passwordHash: 'h',
        now: at(0),
      }),
    );
  });

  it('failed sign-ins lock a (name, address) pair with a doubling lock; other addresses, a good sign-in and an unlock', async () => {
    const policy = { lockAfter: 3, firstLockMs: 60_000, maxLockMs: 150_000, forgetAfterMs: 86_400_000 };
    const nameKey = nameKeyOf(` Locked-Name-${process.pid}-${Date.now()} `);
    const here = { nameKey, address: '192.0.2.7' };
    for (let i = 1; i <= 2; i += 1)
      assert.deepEqual(await recordLoginFailure(store(), { ...here, policy, now: at(i) }), {
        failures: i,
        lockedUntil: null,
      });
    assert.deepEqual(await recordLoginFailure(store(), { ...here, policy, now: at(3) }), {
      failures: 3,
      lockedUntil: at(63).toISOString(),
    });
    assert.equal(await readLoginLock(store(), { ...here, now: at(62) }), at(63).toISOString());
    assert.equal(await readLoginLock(store(), { ...here, now: at(63) }), null, 'the lock ends');
    assert.equal(
      await readLoginLock(store(), { nameKey, address: '192.0.2.8', now: at(10) }),
      null,
      'another address is not locked',
    );
    for (let i = 0; i < 2; i += 1) await recordLoginFailure(store(), { ...here, policy, now: at(100 + i) });
    assert.deepEqual(
      await recordLoginFailure(store(), { ...here, policy, now: at(102) }),
      { failures: 3, lockedUntil: at(222).toISOString() },
      'the second lock lasts twice as long',
    );
    for (let i = 0; i < 2; i += 1) await recordLoginFailure(store(), { ...here, policy, now: at(300 + i) });
    assert.deepEqual(
      (await recordLoginFailure(store(), { ...here, policy, now: at(302) })).lockedUntil,
      at(452).toISOString(),
      'capped at maxLockMs',
    );
    await clearLoginFailures(store(), here);
    assert.equal(await readLoginLock(store(), { ...here, now: at(303) }), null, 'a good sign-in forgets');
    await recordLoginFailure(store(), { nameKey, address: 'a', policy: { ...policy, lockAfter: 1 }, now: at(400) });
    await recordLoginFailure(store(), { nameKey, address: 'b', policy: { ...policy, lockAfter: 1 }, now: at(400) });
    assert.equal(await unlockLoginName(store(), nameKey), 2);
    assert.equal(await readLoginLock(store(), { nameKey, address: 'a', now: at(401) }), null);
  });

  it('a session is found until it expires or ends', async () => {
    const op = await createOperator(store(), {
      username: aUsername(),
      displayName: 'Eve',
      role: 'operator',
      passwordHash: 'h',
      now: at(0),
    });
    const idHash = `sha256:${op.id}`;
    await createSession(store(), {
      idHash,
      operatorId: op.id,
      csrfTokenHash: 'sha256:csrf',
      ip: '127.0.0.1',
      ttlMs: 3_600_000,
      now: at(0),
    });
    assert.equal((await findLiveSession(store(), idHash, at(3599)))?.operatorId, op.id);
    assert.equal(await findLiveSession(store(), idHash, at(3600)), undefined);
    assert.ok((await deleteExpiredSessions(store(), at(3600))) >= 1);
    assert.equal(await findLiveSession(store(), idHash, at(0)), undefined, 'the expired session was removed');
    await createSession(store(), {
      idHash,
      operatorId: op.id,
      csrfTokenHash: 'sha256:csrf2',
      ttlMs: 60_000,
      now: at(10),
    });
    await deleteSession(store(), idHash);
    assert.equal(await findLiveSession(store(), idHash, at(11)), undefined);
  });

  it("a session's use is recorded at most once a minute, through the bookkeeping connection, and read back", async () => {
    const op = await createOperator(store(), {
      username: `touch-${process.pid}-${Date.now()}`,
      displayName: 'Fay',
      role: 'viewer',
      passwordHash: 'h',
      now: at(0),
    });
    const idHash = `sha256:touch-${op.id}`;
    const session = await createSession(store(), {
      idHash,
      operatorId: op.id,
      csrfTokenHash: 'c',
      ttlMs: 3_600_000,
      now: at(0),
    });
    await touchSession(store(), session, at(30));
    assert.equal((await findLiveSession(store(), idHash, at(31)))?.lastSeenAt ?? null, session.lastSeenAt ?? null);
    await touchSession(store(), session, at(90));
    const row = await store()
      .db.selectFrom('sessions')
      .select('lastSeenAt')
      .where('idHash', '=', idHash)
      .executeTakeFirst();
    assert.equal(row?.lastSeenAt, at(90).toISOString());
  });

  it('helpdesk verifications are kept per identity in order, with method and outcome checked', async () => {
    const campaignId = await aCampaign(store());
    const who = { campaignId, directory: 'corp-ad', identityKey: 'guid-42' };
    await recordVerification(store(), {
      ...who,
      method: 'call-back',
      evidence: 'called +33 1 23 45 67 89 from HR record',
      verifiedBy: 'dana',
      outcome: 'inconclusive',
      now: at(0),
    });
    await recordVerification(store(), {
      ...who,
      method: 'video',
      evidence: 'badge shown on video',
      verifiedBy: 'dana',
      outcome: 'verified',
      now: at(60),
    });
    const rows = await listVerifications(store(), who);
    assert.deepEqual(
      rows.map((r) => [r.method, r.outcome, r.verifiedAt]),
      [
        ['call-back', 'inconclusive', at(0).toISOString()],
        ['video', 'verified', at(60).toISOString()],
      ],
    );
    await assert.rejects(
      recordVerification(store(), {
        ...who,
        method: 'email' as never,
        evidence: 'x',
        verifiedBy: 'dana',
        outcome: 'verified',
        now: at(1),
      }),
    );
  });
}
