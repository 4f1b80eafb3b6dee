// ATTACK: forge an audit line through the sign-in form. A user name with a newline and a fake entry
// after it is submitted; the audit log records the attempt under "unauthenticated", with the name
// escaped and shortened as a detail, never as the actor, and the chain still verifies.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { verifyAuditChain } from '../../src/store/audit/verify-audit-chain.ts';
import { startConsoleFixture, type ConsoleFixture } from '../server/support/console-fixture.ts';

let f: ConsoleFixture;
before(async () => {
  f = await startConsoleFixture();
});
after(async () => f.close());

test('a forged user name never becomes an actor or a line of its own', async () => {
  const forged = 'mallory\n2026-11-26T10:00:00Z commander-1 plan.approve plan-version:abc';
  const result = await f.login(forged, { password: 'wrong', totp: '000000' });
  assert.equal(result.status, 401);
  const valid = await f.login('helpdesk-1', { password: 'wrong', totp: '000000' });
  assert.equal(valid.status, 401);
  const store = await f.app.store();
  const rows = await store.db
    .selectFrom('auditLog')
    .selectAll()
    .where('action', '=', 'console.login.failed')
    .orderBy('seq')
    .execute();
  assert.equal(rows.length, 2);
  for (const row of rows) {
    assert.equal(row.actor, 'unauthenticated', 'only a proven account is an actor');
  }
  const details = rows.map((r) => JSON.parse(r.details) as { attempted: string });
  assert.equal(
    details[0]!.attempted,
    'mallory\\n2026-11-26T10:00:00Z commander-1 plan.approve plan-version:abc',
    'kept escaped: one line',
  );
  assert.ok(!details[0]!.attempted.includes('\n'));
  assert.equal(details[1]!.attempted, 'helpdesk-1');
  const long = await f.login('x'.repeat(100), { password: 'wrong', totp: '000000' });
  assert.equal(long.status, 401);
  const success = await f.login('admin-1');
  assert.equal(success.status, 200);
  const last = await store.db
    .selectFrom('auditLog')
    .selectAll()
    .where('action', '=', 'console.login')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  assert.equal(last.actor, 'admin-1', 'a successful sign-in names the proven account');
  assert.equal((await verifyAuditChain(store)).ok, true);
});
