import assert from 'node:assert/strict';
import { it } from 'node:test';
import { claimActions } from '../../../src/store/actions/claim-actions.ts';
import type { Store } from '../../../src/store/open-store.ts';
import { aCampaignWithActions, at } from './store-fixtures.ts';
import { killWorkerMidRun } from './kill-worker-mid-run.ts';

export function killContract(store: () => Store): void {
  it('a worker killed with SIGKILL mid-run leaves every action state matching its journal, and its leases recoverable', async () => {
    const { campaignId, ids } = await aCampaignWithActions(store(), 2000);
    // Killed once it is well into the work (and so, most likely, inside a transaction).
    await killWorkerMidRun(store(), campaignId, { owner: 'doomed', appliedBeforeKill: 40 });

    const actions = await store()
      .db.selectFrom('actions')
      .select(['id', 'state', 'journalSeq', 'leaseOwner'])
      .where('campaignId', '=', campaignId)
      .execute();
    const events = await store()
      .db.selectFrom('journalEvents')
      .select(['actionId', 'seq', 'toState'])
      .where('campaignId', '=', campaignId)
      .orderBy('actionId')
      .orderBy('seq')
      .execute();
    const byAction = new Map<number, { seq: number; toState: string }[]>();
    for (const e of events)
      byAction.set(Number(e.actionId), [
        ...(byAction.get(Number(e.actionId)) ?? []),
        { seq: Number(e.seq), toState: e.toState },
      ]);
    let applied = 0;
    for (const a of actions) {
      const journal = byAction.get(Number(a.id)) ?? [];
      assert.deepEqual(
        journal.map((e) => e.seq),
        journal.map((_, i) => i + 1),
        `action ${a.id}: journal seqs are 1..n without gaps`,
      );
      assert.equal(journal.length, Number(a.journalSeq), `action ${a.id}: every change has its journal entry`);
      assert.equal(
        journal.at(-1)?.toState ?? 'planned',
        a.state,
        `action ${a.id}: the last journal entry names the current state`,
      );
      if (a.state === 'applied') applied += 1;
    }
    assert.ok(applied >= 40 && applied < ids.length, `the worker was killed part-way (${applied} applied)`);

    // Its leases expire; the next worker gets them back flagged recovered, and nothing else.
    const leftClaimed = actions
      .filter((a) => a.state === 'claimed')
      .map((a) => Number(a.id))
      .sort((x, y) => x - y);
    const recovered = await claimActions(store(), {
      campaignId,
      owner: 'survivor',
      limit: 10,
      leaseMs: 60_000,
      now: at(61),
    });
    assert.deepEqual(
      recovered.filter((c) => c.recovered).map((c) => c.id),
      leftClaimed,
    );
    assert.ok(recovered.every((c) => c.recovered || c.claimedFrom === 'planned'));
  });
}
