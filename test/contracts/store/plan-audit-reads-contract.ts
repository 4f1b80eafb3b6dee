// The store's reads of plans (the newest version or one by id prefix, a version's body, every
// version's id, waves, a wave's reach, approvals), of audit entries (per action and target, the
// export page by page) and of the campaign a command acts on, asserted on what they read back.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { insertActions } from '../../../src/store/actions/insert-actions.ts';
import { appendAudit } from '../../../src/store/audit/append-audit.ts';
import { auditEntriesFor, latestAuditEntryFor } from '../../../src/store/audit/audit-entries-for.ts';
import { auditLogPage } from '../../../src/store/audit/export-audit-log.ts';
import { createCampaign } from '../../../src/store/campaigns/create-campaign.ts';
import { findCampaign } from '../../../src/store/campaigns/find-campaign.ts';
import { setCampaignStatus } from '../../../src/store/campaigns/set-campaign-status.ts';
import { openStore, type Store } from '../../../src/store/open-store.ts';
import { insertWaves } from '../../../src/store/plans/insert-waves.ts';
import { listApprovals } from '../../../src/store/plans/list-approvals.ts';
import { listWaves, waveReach } from '../../../src/store/plans/list-waves.ts';
import {
  campaignPlanVersionIds,
  latestPlanVersion,
  planVersionBody,
} from '../../../src/store/plans/read-plan-versions.ts';
import { recordApproval } from '../../../src/store/plans/record-approval.ts';
import { savePlanVersion } from '../../../src/store/plans/save-plan-version.ts';
import { aCampaign, at, type StoreFactory } from './store-fixtures.ts';

export function planAuditReadsContract(store: () => Store, factory: StoreFactory): void {
  it('reads the newest plan version or one by id prefix, its body, its waves and their reach, and its approvals', async () => {
    const campaignId = await aCampaign(store());
    assert.equal(await latestPlanVersion(store(), campaignId), undefined);
    const save = (body: unknown, seconds: number) =>
      savePlanVersion(store(), {
        planId: `${campaignId}-plan`,
        campaignId,
        name: 'Plan',
        body,
        createdBy: 'alice',
        now: at(seconds),
      });
    const v1 = await save({ version: 1 }, 0);
    const v2 = await save({ version: 2 }, 10);
    const newest = await latestPlanVersion(store(), campaignId);
    assert.deepEqual(newest && { ...newest, body: JSON.parse(newest.body) }, {
      id: v2.versionId,
      createdBy: 'alice',
      createdAt: at(10).toISOString(),
      body: { version: 2 },
    });
    assert.equal((await latestPlanVersion(store(), campaignId, v1.versionId.slice(0, 12)))?.id, v1.versionId);
    assert.equal(await latestPlanVersion(store(), campaignId, 'no-such-prefix'), undefined);
    assert.equal(await latestPlanVersion(store(), await aCampaign(store())), undefined, "another campaign's plan");
    assert.deepEqual((await campaignPlanVersionIds(store(), campaignId)).sort(), [v1.versionId, v2.versionId].sort());
    assert.deepEqual(JSON.parse((await planVersionBody(store(), v1.versionId))!), { version: 1 });
    assert.equal(await planVersionBody(store(), 'no-such-version'), undefined);

    const [w1, w2] = (await insertWaves(store(), v2.versionId, [
      { ordinal: 2, name: 'Sales', startsAt: at(7200), deadlineAt: at(90_000), graceUntil: at(93_600), size: 80 },
      { ordinal: 1, name: 'Finance', startsAt: at(3600), deadlineAt: at(86_400), size: 1 },
    ])) as [number, number];
    assert.deepEqual(await listWaves(store(), v2.versionId), [
      {
        id: w2,
        planVersionId: v2.versionId,
        ordinal: 1,
        name: 'Finance',
        startsAt: at(3600).toISOString(),
        deadlineAt: at(86_400).toISOString(),
        graceUntil: null,
        size: 1,
      },
      {
        id: w1,
        planVersionId: v2.versionId,
        ordinal: 2,
        name: 'Sales',
        startsAt: at(7200).toISOString(),
        deadlineAt: at(90_000).toISOString(),
        graceUntil: at(93_600).toISOString(),
        size: 80,
      },
    ]);
    assert.deepEqual(await listWaves(store(), v1.versionId), []);

    // wave 1 plans one identity, but its actions touch three (two actions for k0: counted once)
    await insertActions(
      store(),
      ['k0', 'k0', 'k1', 'k2'].map((key, i) => ({
        campaignId,
        waveId: w2,
        directory: 'corp-ad',
        identityKey: key,
        identityName: key,
        kind: i === 1 ? 'enable' : 'disable',
        idempotencyKey: `${campaignId}/reach/${i}`,
      })),
      at(0),
    );
    assert.deepEqual(await waveReach(store(), w2), {
      planVersionId: v2.versionId,
      ordinal: 1,
      size: 1,
      identities: 3,
    });
    assert.deepEqual(await waveReach(store(), w1), {
      planVersionId: v2.versionId,
      ordinal: 2,
      size: 80,
      identities: 0,
    });
    assert.equal(await waveReach(store(), 987_654_321), undefined);

    await recordApproval(store(), {
      planVersionId: v2.versionId,
      approver: 'bob',
      role: 'commander',
      comment: 'ok',
      now: at(30),
    });
    await recordApproval(store(), { planVersionId: v2.versionId, approver: 'carol', now: at(20) });
    assert.deepEqual(await listApprovals(store(), v2.versionId), [
      { approver: 'carol', approvedAt: at(20).toISOString(), role: null, comment: null },
      { approver: 'bob', approvedAt: at(30).toISOString(), role: 'commander', comment: 'ok' },
    ]);
    assert.deepEqual(await listApprovals(store(), v1.versionId), []);
  });

  it('reads the audit entries of one action on one target, the newest of them, and the log page by page', async () => {
    const campaignId = await aCampaign(store());
    const target = `campaign:${campaignId}`;
    const append = (action: string, on: string, details: Record<string, unknown>, seconds: number) =>
      appendAudit(store(), { actor: 'alice', action, target: on, details, source: 'cli', now: at(seconds) });
    const first = await append('run.start', target, { waves: [1] }, 1);
    await append('verify', target, { checked: 1 }, 2);
    await append('verify', target, { checked: 2 }, 3);
    await append('verify', 'campaign:another', { checked: 3 }, 4);
    await append('run.start', target, { waves: [2] }, 5);

    assert.deepEqual(await auditEntriesFor(store(), { action: 'run.start', target }), [
      { at: at(1).toISOString(), details: { waves: [1] } },
      { at: at(5).toISOString(), details: { waves: [2] } },
    ]);
    assert.deepEqual(await latestAuditEntryFor(store(), { action: 'verify', target }), {
      at: at(3).toISOString(),
      details: { checked: 2 },
    });
    assert.equal(await latestAuditEntryFor(store(), { action: 'enforce', target }), undefined);
    assert.deepEqual(await auditEntriesFor(store(), { action: 'enforce', target }), []);

    const page = await auditLogPage(store(), { afterSeq: first.seq - 1, limit: 2 });
    assert.deepEqual(
      page.map((e) => [e.seq, e.action, e.target, JSON.parse(e.details)]),
      [
        [first.seq, 'run.start', target, { waves: [1] }],
        [first.seq + 1, 'verify', target, { checked: 1 }],
      ],
    );
    assert.equal(page[0]!.hash, first.hash);
    assert.equal(page[1]!.prevHash, page[0]!.hash, 'each entry carries the hash it links to');
    const next = await auditLogPage(store(), { afterSeq: page[1]!.seq, limit: 1000 });
    assert.deepEqual(
      next.slice(0, 3).map((e) => e.seq),
      [first.seq + 2, first.seq + 3, first.seq + 4],
    );
  });

  it('finds a campaign by id, or else the most recent one not finished', async () => {
    const own = await openStore(await factory.freshUrl());
    try {
      assert.equal(await findCampaign(own), undefined, 'an empty store has no campaign');
      const make = (id: string, seconds: number) => createCampaign(own, { id, name: id, now: at(seconds) });
      await make('c-old', 0);
      await make('c-new', 20);
      await make('c-middle', 10);
      assert.equal((await findCampaign(own))?.id, 'c-new');
      await setCampaignStatus(own, { campaignId: 'c-new', status: 'aborted', now: at(30) });
      assert.equal((await findCampaign(own))?.id, 'c-middle', 'an aborted campaign is not open');
      const named = await findCampaign(own, 'c-new');
      assert.deepEqual([named?.id, named?.status, named?.createdAt], ['c-new', 'aborted', at(20).toISOString()]);
      assert.equal(await findCampaign(own, 'no-such-campaign'), undefined);
    } finally {
      await own.close();
    }
  });
}
