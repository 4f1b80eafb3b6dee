import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { claimActions } from '../../../src/store/actions/claim-actions.ts';
import { countActions, countActionsByWave } from '../../../src/store/actions/count-actions.ts';
import { readJournal } from '../../../src/store/actions/read-journal.ts';
import { releaseLeases } from '../../../src/store/actions/release-leases.ts';
import { renewLease } from '../../../src/store/actions/renew-lease.ts';
import { requestRetry } from '../../../src/store/actions/request-retry.ts';
import { transitionAction } from '../../../src/store/actions/transition-action.ts';
import { inWriteTransaction } from '../../../src/store/write-transaction.ts';
import type { Store } from '../../../src/store/open-store.ts';
import { aCampaignWithActions, at } from './store-fixtures.ts';

export function transitionContract(store: () => Store): void {
  it('records apply-start, apply-ok and verify with their journal events, clearing the lease', async () => {
    const { campaignId, ids } = await aCampaignWithActions(store(), 1);
    const id = ids[0]!;
    await claimActions(store(), { campaignId, owner: 'w', limit: 1, leaseMs: 60_000, now: at(0) });
    await transitionAction(store(), {
      id,
      owner: 'w',
      from: 'claimed',
      to: 'claimed',
      event: 'apply-start',
      secretFingerprint: 'sha256:abc',
      now: at(1),
    });
    const applied = await transitionAction(store(), {
      id,
      owner: 'w',
      from: 'claimed',
      to: 'applied',
      event: 'apply-ok',
      details: { clearedPasswordNeverExpires: true },
      now: at(2),
    });
    assert.deepEqual(
      [applied.state, applied.leaseOwner, applied.leaseExpiresAt, applied.applyStartedAt, applied.secretFingerprint],
      ['applied', null, null, null, 'sha256:abc'],
    );
    await transitionAction(store(), { id, from: 'applied', to: 'verified', event: 'verify', now: at(3) });
    const journal = await readJournal(store(), id);
    assert.deepEqual(
      journal.map((e) => [e.seq, e.fromState, e.toState, e.event]),
      [
        [1, 'planned', 'claimed', 'claim'],
        [2, 'claimed', 'claimed', 'apply-start'],
        [3, 'claimed', 'applied', 'apply-ok'],
        [4, 'applied', 'verified', 'verify'],
      ],
    );
    assert.deepEqual(journal[2]!.details, { clearedPasswordNeverExpires: true });
    const row = await store().db.selectFrom('actions').select('state').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.state, 'verified');
  });

  it('refuses a transition from a worker whose lease was taken over, and changes nothing', async () => {
    const { campaignId, ids } = await aCampaignWithActions(store(), 1);
    const id = ids[0]!;
    await claimActions(store(), { campaignId, owner: 'worker-a', limit: 1, leaseMs: 1000, now: at(0) });
    await claimActions(store(), { campaignId, owner: 'worker-b', limit: 1, leaseMs: 60_000, now: at(5) });
    await assert.rejects(
      transitionAction(store(), {
        id,
        owner: 'worker-a',
        from: 'claimed',
        to: 'applied',
        event: 'apply-ok',
        now: at(6),
      }),
      { code: 'STORE_CONFLICT' },
    );
    const row = await store()
      .db.selectFrom('actions')
      .select(['state', 'leaseOwner'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { state: 'claimed', leaseOwner: 'worker-b' });
    assert.deepEqual(
      (await readJournal(store(), id)).map((e) => e.event),
      ['claim', 'recovered'],
    );
    assert.deepEqual(
      await renewLease(store(), { ids: [id], owner: 'worker-a', leaseMs: 60_000, now: at(6) }),
      [],
      'the lost lease cannot be renewed',
    );
    assert.deepEqual(await renewLease(store(), { ids: [id], owner: 'worker-b', leaseMs: 60_000, now: at(6) }), [id]);
  });

  it('writes a state change and its journal entry together or not at all', async () => {
    const { campaignId, ids } = await aCampaignWithActions(store(), 1);
    const id = ids[0]!;
    await claimActions(store(), { campaignId, owner: 'w', limit: 1, leaseMs: 60_000, now: at(0) });
    // Plant a journal row holding the next seq: the journal insert inside the transition then
    // fails after the action row was already updated in the same transaction.
    await sql`insert into journal_events (action_id, campaign_id, seq, at, to_state, event, details)
              values (${id}, ${campaignId}, 2, ${at(0).toISOString()}, 'claimed', 'planted', '{}')`.execute(store().db);
    await assert.rejects(
      transitionAction(store(), { id, owner: 'w', from: 'claimed', to: 'applied', event: 'apply-ok', now: at(1) }),
      { code: 'STORE_CONFLICT' },
    );
    const row = await store()
      .db.selectFrom('actions')
      .select(['state', 'leaseOwner', 'journalSeq'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [row.state, row.leaseOwner, Number(row.journalSeq)],
      ['claimed', 'w', 1],
      'the action row was rolled back',
    );
    assert.deepEqual(
      (await readJournal(store(), id)).map((e) => e.event),
      ['claim', 'planted'],
      'no apply-ok event was written',
    );
  });

  it('raises a value the database refuses inside a write transaction, rolls back, and serves the next write', async () => {
    const { campaignId, ids } = await aCampaignWithActions(store(), 1);
    const id = ids[0]!;
    // A fraction in an integer column: PostgreSQL refuses it (22P02); SQLite refuses it through a
    // CHECK on a scratch table, so both dialects take the error path mid-transaction.
    await sql`create table if not exists refused_values (n integer check (n = round(n)))`.execute(store().db);
    await assert.rejects(
      inWriteTransaction(store(), 'testing a refused value', async (trx) => {
        await trx.updateTable('actions').set({ state: 'skipped' }).where('id', '=', id).execute();
        await sql`insert into refused_values (n) values (${'0.7'})`.execute(trx);
      }),
      (error: Error & { code?: string }) =>
        error.code === 'UNEXPECTED' && /while testing a refused value/.test(error.message),
    );
    const row = await store().db.selectFrom('actions').select('state').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.state, 'planned', 'the update before the refused statement was rolled back');
    await claimActions(store(), { campaignId, owner: 'w', limit: 1, leaseMs: 60_000, now: at(0) });
    assert.deepEqual(
      (await readJournal(store(), id)).map((e) => e.event),
      ['claim'],
      'the next write transaction works',
    );
    await sql`drop table refused_values`.execute(store().db);
  });

  it('graceful release returns untouched actions to planned and leaves started ones for recovery', async () => {
    const { campaignId, ids } = await aCampaignWithActions(store(), 3);
    await claimActions(store(), { campaignId, owner: 'releaser', limit: 3, leaseMs: 600_000, now: at(0) });
    await transitionAction(store(), {
      id: ids[0]!,
      owner: 'releaser',
      from: 'claimed',
      to: 'applied',
      event: 'apply-ok',
      now: at(1),
    });
    await transitionAction(store(), {
      id: ids[1]!,
      owner: 'releaser',
      from: 'claimed',
      to: 'claimed',
      event: 'apply-start',
      now: at(1),
    });
    assert.deepEqual(await releaseLeases(store(), { owner: 'releaser', now: at(2) }), { released: 1, inDoubt: 1 });
    const rows = await store()
      .db.selectFrom('actions')
      .select(['id', 'state', 'leaseOwner'])
      .where('campaignId', '=', campaignId)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      rows.map((r) => [Number(r.id), r.state, r.leaseOwner]),
      [
        [ids[0], 'applied', null],
        [ids[1], 'claimed', 'releaser'],
        [ids[2], 'planned', null],
      ],
    );
    const next = await claimActions(store(), { campaignId, owner: 'w2', limit: 10, leaseMs: 60_000, now: at(2) });
    assert.deepEqual(
      next.map((c) => [c.id, c.recovered]),
      [
        [ids[1], true],
        [ids[2], false],
      ],
    );
    assert.equal(next[0]!.applyStartedAt, at(1).toISOString(), 'the engine sees the write may have happened');
  });

  it('counts actions by state per campaign and per wave', async () => {
    const { campaignId, ids } = await aCampaignWithActions(store(), 5);
    await claimActions(store(), { campaignId, owner: 'w', limit: 3, leaseMs: 60_000, now: at(0) });
    await transitionAction(store(), {
      id: ids[0]!,
      owner: 'w',
      from: 'claimed',
      to: 'applied',
      event: 'apply-ok',
      now: at(1),
    });
    await transitionAction(store(), {
      id: ids[1]!,
      owner: 'w',
      from: 'claimed',
      to: 'skipped',
      event: 'skip',
      error: { code: 'IDENTITY_PROTECTED', message: 'protected' },
      now: at(1),
    });
    const counts = await countActions(store(), { campaignId });
    assert.deepEqual(counts, { planned: 2, claimed: 1, applied: 1, verified: 0, failed: 0, skipped: 1 });
    const byWave = await countActionsByWave(store(), campaignId);
    assert.deepEqual([...byWave.keys()], [null]);
    assert.deepEqual(byWave.get(null), counts);
  });

  it('refuses a transition the state machine does not allow', async () => {
    const { ids } = await aCampaignWithActions(store(), 1);
    await assert.rejects(
      transitionAction(store(), { id: ids[0]!, from: 'planned', to: 'applied', event: 'apply-ok', now: at(0) }),
      { code: 'UNEXPECTED' },
    );
    await assert.rejects(
      transitionAction(store(), { id: ids[0]!, from: 'planned', to: 'skipped', event: 'skip', now: at(0) }).then(() =>
        transitionAction(store(), { id: ids[0]!, from: 'planned', to: 'skipped', event: 'skip', now: at(0) }),
      ),
      { code: 'STORE_CONFLICT' },
    );
  });

  it("an operator's retry makes a permanent failure due again as the same action, journaled, and leaves other states alone", async () => {
    const { campaignId, ids } = await aCampaignWithActions(store(), 2);
    const [failedId, appliedId] = ids as [number, number];
    await claimActions(store(), { campaignId, owner: 'w', limit: 2, leaseMs: 60_000, now: at(0) });
    await transitionAction(store(), {
      id: failedId,
      owner: 'w',
      from: 'claimed',
      to: 'failed',
      event: 'apply-failed',
      error: { code: 'INSUFFICIENT_RIGHTS', message: 'no rights', retryable: false },
      now: at(1),
    });
    await transitionAction(store(), {
      id: appliedId,
      owner: 'w',
      from: 'claimed',
      to: 'applied',
      event: 'apply-ok',
      now: at(1),
    });
    assert.deepEqual(
      await claimActions(store(), { campaignId, owner: 'w2', limit: 2, leaseMs: 60_000, now: at(2) }),
      [],
      'a permanent failure is not claimed',
    );
    const countsBefore = await countActions(store(), { campaignId });

    assert.deepEqual(
      await requestRetry(store(), {
        ids: [failedId, appliedId],
        requestedBy: 'alice',
        reason: 'bind fixed',
        now: at(3),
      }),
      [failedId],
    );
    assert.deepEqual(
      await countActions(store(), { campaignId }),
      countsBefore,
      'failed -> failed: the counters do not move',
    );
    const journal = await readJournal(store(), failedId);
    assert.deepEqual(
      journal.at(-1) && [
        journal.at(-1)!.fromState,
        journal.at(-1)!.toState,
        journal.at(-1)!.event,
        journal.at(-1)!.details,
      ],
      [
        'failed',
        'failed',
        'retry-requested',
        { requestedBy: 'alice', reason: 'bind fixed', previousError: 'INSUFFICIENT_RIGHTS', attemptsSoFar: 1 },
      ],
    );
    const claimed = await claimActions(store(), { campaignId, owner: 'w3', limit: 2, leaseMs: 60_000, now: at(3) });
    assert.deepEqual(
      claimed.map((c) => [c.id, c.claimedFrom, c.attempts]),
      [[failedId, 'failed', 2]],
      'claimed from failed (the engine checks the ground truth first), as the same action',
    );
    assert.deepEqual(
      (await readJournal(store(), appliedId)).map((e) => e.event),
      ['claim', 'apply-ok'],
      'an applied action is not touched',
    );
  });
}
