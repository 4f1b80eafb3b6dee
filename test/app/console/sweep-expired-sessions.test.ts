// The session sweeper on a real SQLite store: the first sweep at start removes expired sessions
// only, and a sweep that fails (the store is gone) is reported, never thrown into the process.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { sweepExpiredSessions } from '../../../src/app/console/sweep-expired-sessions.ts';
import { openStore } from '../../../src/store/open-store.ts';
import { createOperator } from '../../../src/store/operators/create-operator.ts';
import { createSession } from '../../../src/store/operators/operator-sessions.ts';

const dir = mkdtempSync(join(tmpdir(), 'reclaim-sweep-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const t0 = new Date('2026-11-26T10:00:00.000Z');

test('the first sweep removes the expired sessions and keeps the live ones', async () => {
  const store = await openStore(`sqlite:${join(dir, 'a.sqlite')}`);
  try {
    const operatorId = await anOperator(store);
    await createSession(store, { idHash: 'expired', operatorId, csrfTokenHash: 'c1', ttlMs: 60_000, now: t0 });
    await createSession(store, { idHash: 'live', operatorId, csrfTokenHash: 'c2', ttlMs: 3600_000, now: t0 });
    const swept: number[] = [];
    const sweeper = sweepExpiredSessions(store, () => new Date(t0.getTime() + 120_000), {
      onSwept: (n) => swept.push(n),
      onError: (e) => assert.fail(String(e)),
    });
    assert.equal(await sweeper.first, 1);
    sweeper.stop();
    assert.deepEqual(swept, [1]);
    assert.deepEqual(
      (await store.db.selectFrom('sessions').select('idHash').execute()).map((r) => r.idHash),
      ['live'],
    );
  } finally {
    await store.close();
  }
});

test('a sweep against a store that is gone is reported and resolves', async () => {
  const store = await openStore(`sqlite:${join(dir, 'b.sqlite')}`);
  await store.close();
  const errors: unknown[] = [];
  const sweeper = sweepExpiredSessions(store, () => t0, { onError: (e) => errors.push(e) });
  assert.equal(await sweeper.first, undefined);
  sweeper.stop();
  assert.equal(errors.length, 1);
});

async function anOperator(store: Awaited<ReturnType<typeof openStore>>): Promise<string> {
  return (
    await createOperator(store, {
      username: 'alice',
      displayName: 'Alice',
      role: 'operator',
      passwordHash: 'x',
      now: t0,
    })
  ).id;
}
