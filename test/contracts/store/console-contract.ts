import assert from 'node:assert/strict';
import { it } from 'node:test';
import { listVerifications, recordVerification } from '../../../src/store/helpdesk/record-verification.ts';
import { createOperator, findOperatorByUsername } from '../../../src/store/operators/create-operator.ts';
import { createSession, deleteExpiredSessions, deleteSession, findLiveSession } from '../../../src/store/operators/operator-sessions.ts';
import { recordLoginFailure, recordLoginSuccess } from '../../../src/store/operators/record-login-attempt.ts';
import type { Store } from '../../../src/store/open-store.ts';
import { aCampaign, at } from './store-fixtures.ts';

let n = 0;
const aUsername = () => `operator-${process.pid}-${(n += 1)}`;

export function consoleContract(store: () => Store): void {
  it('operators have unique usernames, and repeated failed sign-ins lock the account', async () => {
    const username = aUsername();
    const op = await createOperator(store(), { username, displayName: 'Dana', role: 'helpdesk', passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$x$y', now: at(0) });
    await assert.rejects(createOperator(store(), { username, displayName: 'Other', role: 'admin', passwordHash: 'h', now: at(0) }), { code: 'STORE_CONFLICT' });
    assert.equal((await findOperatorByUsername(store(), username))?.role, 'helpdesk');
    for (let i = 1; i <= 4; i += 1) assert.deepEqual(await recordLoginFailure(store(), { operatorId: op.id, lockAfter: 5, lockMs: 900_000, now: at(i) }), { failedLogins: i, lockedUntil: null });
    assert.deepEqual(await recordLoginFailure(store(), { operatorId: op.id, lockAfter: 5, lockMs: 900_000, now: at(5) }), { failedLogins: 5, lockedUntil: at(905).toISOString() });
    const locked = await findOperatorByUsername(store(), username);
    assert.deepEqual([Number(locked?.failedLogins), locked?.lockedUntil], [5, at(905).toISOString()]);
    await recordLoginSuccess(store(), op.id);
    const cleared = await findOperatorByUsername(store(), username);
    assert.deepEqual([Number(cleared?.failedLogins), cleared?.lockedUntil], [0, null]);
    await assert.rejects(createOperator(store(), { username: aUsername(), displayName: 'x', role: 'root' as never, passwordHash: 'h', now: at(0) }));
  });

  it('a session is found until it expires or ends', async () => {
    const op = await createOperator(store(), { username: aUsername(), displayName: 'Eve', role: 'operator', passwordHash: 'h', now: at(0) });
    const idHash = `sha256:${op.id}`;
    await createSession(store(), { idHash, operatorId: op.id, csrfTokenHash: 'sha256:csrf', ip: '127.0.0.1', ttlMs: 3_600_000, now: at(0) });
    assert.equal((await findLiveSession(store(), idHash, at(3599)))?.operatorId, op.id);
    assert.equal(await findLiveSession(store(), idHash, at(3600)), undefined);
    assert.ok((await deleteExpiredSessions(store(), at(3600))) >= 1);
    assert.equal(await findLiveSession(store(), idHash, at(0)), undefined, 'the expired session was removed');
    await createSession(store(), { idHash, operatorId: op.id, csrfTokenHash: 'sha256:csrf2', ttlMs: 60_000, now: at(10) });
    await deleteSession(store(), idHash);
    assert.equal(await findLiveSession(store(), idHash, at(11)), undefined);
  });

  it('helpdesk verifications are kept per identity in order, with method and outcome checked', async () => {
    const campaignId = await aCampaign(store());
    const who = { campaignId, directory: 'corp-ad', identityKey: 'guid-42' };
    await recordVerification(store(), { ...who, method: 'call-back', evidence: 'called +33 1 23 45 67 89 from HR record', verifiedBy: 'dana', outcome: 'inconclusive', now: at(0) });
    await recordVerification(store(), { ...who, method: 'video', evidence: 'badge shown on video', verifiedBy: 'dana', outcome: 'verified', now: at(60) });
    const rows = await listVerifications(store(), who);
    assert.deepEqual(rows.map((r) => [r.method, r.outcome, r.verifiedAt]), [['call-back', 'inconclusive', at(0).toISOString()], ['video', 'verified', at(60).toISOString()]]);
    await assert.rejects(recordVerification(store(), { ...who, method: 'email' as never, evidence: 'x', verifiedBy: 'dana', outcome: 'verified', now: at(1) }));
  });
}
