import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { appendAudit } from '../../../src/store/audit/append-audit.ts';
import { readAuditLog } from '../../../src/store/audit/read-audit-log.ts';
import { verifyAuditChain } from '../../../src/store/audit/verify-audit-chain.ts';
import { openStore, type Store } from '../../../src/store/open-store.ts';
import { inWorker } from './in-worker.ts';
import { at, type StoreFactory } from './store-fixtures.ts';

async function withFreshStore(factory: StoreFactory, fn: (store: Store) => Promise<void>): Promise<void> {
  const store = await openStore(await factory.freshUrl());
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

async function appendFive(store: Store): Promise<void> {
  for (let i = 1; i <= 5; i += 1) {
    await appendAudit(store, {
      actor: 'alice',
      action: 'plan.approve',
      target: `plan:${i}`,
      details: { wave: i, note: 'ok' },
      source: 'console',
      ip: '127.0.0.1',
      now: at(i),
    });
  }
}

export function auditContract(factory: StoreFactory): void {
  it('appends a hash chain that verifies', async () => {
    await withFreshStore(factory, async (store) => {
      assert.deepEqual(await verifyAuditChain(store), { ok: true, entries: 0, headHash: '0'.repeat(64) });
      await appendFive(store);
      const result = await verifyAuditChain(store, { pageSize: 2 });
      assert.equal(result.ok, true);
      assert.equal(result.entries, 5);
      const rows = await store.db.selectFrom('auditLog').select(['seq', 'prevHash', 'hash']).orderBy('seq').execute();
      assert.deepEqual(
        rows.map((r) => Number(r.seq)),
        [1, 2, 3, 4, 5],
      );
      for (let i = 1; i < rows.length; i += 1) assert.equal(rows[i]!.prevHash, rows[i - 1]!.hash);
      const page = await readAuditLog(store, { afterSeq: 2, limit: 2 });
      assert.deepEqual(
        page.map((e) => [e.seq, e.target, e.details]),
        [
          [3, 'plan:3', { note: 'ok', wave: 3 }],
          [4, 'plan:4', { note: 'ok', wave: 4 }],
        ],
      );
    });
  });

  it('catches an entry edited through raw SQL, at its seq', async () => {
    await withFreshStore(factory, async (store) => {
      await appendFive(store);
      await sql`update audit_log set actor = 'mallory' where seq = 3`.execute(store.db);
      assert.deepEqual(await verifyAuditChain(store), { ok: false, entries: 2, brokenSeq: 3, reason: 'hash-mismatch' });
    });
  });

  it('catches a deleted entry and a re-hashed forgery', async () => {
    await withFreshStore(factory, async (store) => {
      await appendFive(store);
      await sql`delete from audit_log where seq = 2`.execute(store.db);
      assert.deepEqual(await verifyAuditChain(store), { ok: false, entries: 1, brokenSeq: 2, reason: 'seq-gap' });
    });
    await withFreshStore(factory, async (store) => {
      await appendFive(store);
      // a forger who edits details and recomputes that row's hash still breaks the next link
      await sql`update audit_log set details = '{"wave":99}', hash = ${'f'.repeat(64)} where seq = 4`.execute(store.db);
      const result = await verifyAuditChain(store);
      assert.equal(result.ok, false);
      assert.equal(result.ok === false && result.brokenSeq, 4);
    });
  });

  it('serialises concurrent appends from separate connections into one chain', async () => {
    await withFreshStore(factory, async (store) => {
      const task = (actor: string) => ({
        task: 'append-audit' as const,
        url: store.url,
        actor,
        count: 15,
        now: at(1).toISOString(),
      });
      await Promise.all([inWorker(task('op-a')), inWorker(task('op-b')), inWorker(task('op-c'))]);
      const result = await verifyAuditChain(store);
      assert.deepEqual(result.ok && result.entries, 45);
      const actors = await store.db.selectFrom('auditLog').select('actor').execute();
      assert.deepEqual(new Set(actors.map((a) => a.actor)), new Set(['op-a', 'op-b', 'op-c']));
    });
  });
}
