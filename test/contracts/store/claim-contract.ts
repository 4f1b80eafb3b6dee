import assert from 'node:assert/strict';
import { it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { claimActions } from '../../../src/store/actions/claim-actions.ts';
import { insertActions } from '../../../src/store/actions/insert-actions.ts';
import { readJournal } from '../../../src/store/actions/read-journal.ts';
import { transitionAction } from '../../../src/store/actions/transition-action.ts';
import { setKillSwitch } from '../../../src/store/campaigns/kill-switch.ts';
import type { Store } from '../../../src/store/open-store.ts';
import { inWorker } from './in-worker.ts';
import { aCampaign, aCampaignWithActions, at, t0 } from './store-fixtures.ts';

export function claimContract(store: () => Store): void {
  it('claims due planned actions with a lease, attempts+1 and a journal event each', async () => {
    const { campaignId, ids } = await aCampaignWithActions(store(), 10);
    const claimed = await claimActions(store(), {
      campaignId,
      owner: 'worker-a',
      limit: 4,
      leaseMs: 30_000,
      now: at(1),
    });
    assert.deepEqual(
      claimed.map((c) => c.id),
      ids.slice(0, 4),
    );
    const rows = await store().db.selectFrom('actions').selectAll().where('id', 'in', ids.slice(0, 4)).execute();
    for (const row of rows) {
      assert.equal(row.state, 'claimed');
      assert.equal(row.leaseOwner, 'worker-a');
      assert.equal(row.leaseExpiresAt, at(31).toISOString());
      assert.equal(Number(row.attempts), 1);
    }
    const journal = await readJournal(store(), ids[0]!);
    assert.deepEqual(
      journal.map((e) => [e.seq, e.fromState, e.toState, e.event, e.owner]),
      [[1, 'planned', 'claimed', 'claim', 'worker-a']],
    );
    const next = await claimActions(store(), {
      campaignId,
      owner: 'worker-b',
      limit: 100,
      leaseMs: 30_000,
      now: at(2),
    });
    assert.deepEqual(
      next.map((c) => c.id),
      ids.slice(4),
      'a live lease is never handed to another worker',
    );
    assert.ok(next.every((c) => !c.recovered));
  });

  it('reclaims an action whose lease expired and flags it recovered in the result and the journal', async () => {
    const { campaignId, ids } = await aCampaignWithActions(store(), 1);
    await claimActions(store(), { campaignId, owner: 'worker-a', limit: 1, leaseMs: 10_000, now: at(0) });
    assert.deepEqual(
      await claimActions(store(), { campaignId, owner: 'worker-b', limit: 1, leaseMs: 10_000, now: at(9) }),
      [],
    );
    const [recovered] = await claimActions(store(), {
      campaignId,
      owner: 'worker-b',
      limit: 1,
      leaseMs: 10_000,
      now: at(10),
    });
    assert.equal(recovered?.id, ids[0]);
    assert.equal(recovered?.recovered, true);
    assert.equal(recovered?.claimedFrom, 'claimed');
    assert.equal(recovered?.attempts, 2);
    const journal = await readJournal(store(), ids[0]!);
    assert.deepEqual(
      journal.map((e) => e.event),
      ['claim', 'recovered'],
    );
    assert.equal(journal[1]!.details.previousOwner, 'worker-a');
    const row = await store()
      .db.selectFrom('actions')
      .select(['leaseOwner', 'state'])
      .where('id', '=', ids[0]!)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { leaseOwner: 'worker-b', state: 'claimed' });
  });

  it('makes a retryable failure due again only after next_attempt_at, and never a permanent one', async () => {
    const { campaignId, ids } = await aCampaignWithActions(store(), 2);
    await claimActions(store(), { campaignId, owner: 'w', limit: 2, leaseMs: 60_000, now: at(0) });
    await transitionAction(store(), {
      id: ids[0]!,
      owner: 'w',
      from: 'claimed',
      to: 'failed',
      event: 'apply-failed',
      now: at(1),
      nextAttemptAt: at(61),
      error: { code: 'DIRECTORY_BUSY', message: 'The directory is busy; try again shortly' },
    });
    await transitionAction(store(), {
      id: ids[1]!,
      owner: 'w',
      from: 'claimed',
      to: 'failed',
      event: 'apply-failed',
      now: at(1),
      error: { code: 'INSUFFICIENT_RIGHTS', message: 'The service account may not change this identity' },
    });
    assert.deepEqual(
      await claimActions(store(), { campaignId, owner: 'w', limit: 10, leaseMs: 60_000, now: at(60) }),
      [],
    );
    const again = await claimActions(store(), { campaignId, owner: 'w', limit: 10, leaseMs: 60_000, now: at(61) });
    assert.deepEqual(
      again.map((c) => [c.id, c.claimedFrom, c.attempts, c.recovered]),
      [[ids[0], 'failed', 2, false]],
    );
    assert.deepEqual(
      await claimActions(store(), { campaignId, owner: 'w', limit: 10, leaseMs: 60_000, now: at(120) }),
      [],
    );
    const permanent = await store()
      .db.selectFrom('actions')
      .selectAll()
      .where('id', '=', ids[1]!)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [permanent.state, Number(permanent.failureRetryable), permanent.lastErrorCode],
      ['failed', 0, 'INSUFFICIENT_RIGHTS'],
    );
  });

  it('does not hand out an action before its wave starts', async () => {
    const campaignId = await aCampaign(store());
    await insertActions(
      store(),
      [
        {
          campaignId,
          directory: 'd',
          identityKey: 'k',
          identityName: 'n',
          kind: 'disable',
          idempotencyKey: `${campaignId}/k`,
          notBefore: at(3600),
        },
      ],
      t0,
    );
    assert.deepEqual(
      await claimActions(store(), { campaignId, owner: 'w', limit: 1, leaseMs: 1000, now: at(3599) }),
      [],
    );
    assert.equal(
      (await claimActions(store(), { campaignId, owner: 'w', limit: 1, leaseMs: 1000, now: at(3600) })).length,
      1,
    );
  });

  it('inserting the same planned actions twice keeps one of each', async () => {
    const { campaignId } = await aCampaignWithActions(store(), 3);
    const again = await insertActions(
      store(),
      [0, 1, 2, 3].map((i) => ({
        campaignId,
        directory: 'corp-ad',
        identityKey: `key-${i}`,
        identityName: `user${i}`,
        kind: 'requireChange',
        idempotencyKey: `${campaignId}/corp-ad/key-${i}/requireChange`,
      })),
      t0,
    );
    assert.equal(again, 1);
    const rows = await store().db.selectFrom('actions').select('id').where('campaignId', '=', campaignId).execute();
    assert.equal(rows.length, 4);
  });

  it('hands out nothing while the kill switch is engaged', async () => {
    const { campaignId } = await aCampaignWithActions(store(), 3);
    await setKillSwitch(store(), { campaignId, engaged: true, by: 'carol', source: 'cli', now: at(0) });
    await assert.rejects(claimActions(store(), { campaignId, owner: 'w', limit: 3, leaseMs: 1000, now: at(1) }), {
      code: 'KILL_SWITCH_ENGAGED',
    });
    const claimed = await store()
      .db.selectFrom('actions')
      .select('id')
      .where('campaignId', '=', campaignId)
      .where('state', '=', 'claimed')
      .execute();
    assert.equal(claimed.length, 0);
    await setKillSwitch(store(), { campaignId, engaged: false, by: 'carol', source: 'cli', now: at(2) });
    assert.equal(
      (await claimActions(store(), { campaignId, owner: 'w', limit: 3, leaseMs: 1000, now: at(3) })).length,
      3,
    );
  });

  it('two workers on separate connections claiming at the same time get disjoint sets covering every action', async () => {
    const { campaignId, ids } = await aCampaignWithActions(store(), 300);
    // The test stores carry no password, so their redacted URL opens the same database again.
    const task = (owner: string) => ({
      task: 'claim-all' as const,
      url: store().url,
      campaignId,
      owner,
      limit: 7,
      now: at(1).toISOString(),
    });
    const workers = Promise.all([inWorker<number[]>(task('worker-a')), inWorker<number[]>(task('worker-b'))]);
    workers.catch(() => undefined);
    for (let i = 0; i < 1200; i += 1) {
      const ready = await store()
        .db.selectFrom('settings')
        .select('key')
        .where('key', 'like', `ready:${campaignId}:%`)
        .execute();
      if (ready.length === 2) break;
      await sleep(50);
    }
    await store()
      .db.insertInto('settings')
      .values({ key: `go:${campaignId}`, value: '{}', updatedAt: at(1).toISOString(), updatedBy: 'test' })
      .execute();
    const [a, b] = await workers;
    const all = [...a, ...b];
    assert.equal(new Set(all).size, all.length, 'no action was claimed twice');
    assert.deepEqual(
      [...all].sort((x, y) => x - y),
      ids,
    );
    assert.ok(a.length > 0 && b.length > 0, `both workers got work (a: ${a.length}, b: ${b.length})`);
    const claims = await store()
      .db.selectFrom('journalEvents')
      .select('actionId')
      .where('campaignId', '=', campaignId)
      .where('event', '=', 'claim')
      .execute();
    assert.equal(claims.length, 300, 'one claim event per action');
    const owners = await store()
      .db.selectFrom('actions')
      .select(['id', 'leaseOwner'])
      .where('campaignId', '=', campaignId)
      .execute();
    const got = new Map([
      ['worker-a', new Set(a)],
      ['worker-b', new Set(b)],
    ]);
    for (const row of owners)
      assert.ok(got.get(row.leaseOwner!)?.has(Number(row.id)), 'the stored owner is the worker that got it');
  });
}
