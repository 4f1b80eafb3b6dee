import assert from 'node:assert/strict';
import { it } from 'node:test';
import { readKillSwitch, setKillSwitch } from '../../../src/store/campaigns/kill-switch.ts';
import { getCampaign } from '../../../src/store/campaigns/create-campaign.ts';
import { latestTriageDecision, recordTriageDecision } from '../../../src/store/campaigns/record-triage-decision.ts';
import { setCampaignStatus } from '../../../src/store/campaigns/set-campaign-status.ts';
import { readSetting, writeSetting } from '../../../src/store/settings/settings.ts';
import { insertWaves } from '../../../src/store/plans/insert-waves.ts';
import { countDistinctApprovers, recordApproval } from '../../../src/store/plans/record-approval.ts';
import { savePlanVersion } from '../../../src/store/plans/save-plan-version.ts';
import type { Store } from '../../../src/store/open-store.ts';
import { aCampaign, at } from './store-fixtures.ts';

export function governanceContract(store: () => Store): void {
  it('a plan version is named by its content and approved only by operators other than its author', async () => {
    const campaignId = await aCampaign(store());
    const body = { waves: [{ name: 'Finance', size: 120 }], treatment: 'requireChange' };
    const saved = await savePlanVersion(store(), {
      planId: `${campaignId}-plan`,
      campaignId,
      name: 'Plan A',
      body,
      createdBy: 'alice',
      now: at(0),
    });
    assert.equal(saved.created, true);
    const again = await savePlanVersion(store(), {
      planId: `${campaignId}-plan`,
      campaignId,
      name: 'Plan A',
      body: { treatment: 'requireChange', waves: [{ size: 120, name: 'Finance' }] },
      createdBy: 'alice',
      now: at(1),
    });
    assert.deepEqual(
      again,
      { versionId: saved.versionId, created: false },
      'the same content (keys in any order) is the same version',
    );

    await assert.rejects(recordApproval(store(), { planVersionId: saved.versionId, approver: 'alice', now: at(2) }), {
      code: 'SECOND_APPROVER_REQUIRED',
    });
    assert.equal(await countDistinctApprovers(store(), saved.versionId), 0);
    await recordApproval(store(), { planVersionId: saved.versionId, approver: 'bob', role: 'commander', now: at(3) });
    await recordApproval(store(), { planVersionId: saved.versionId, approver: 'bob', role: 'operator', now: at(4) });
    assert.equal(
      await countDistinctApprovers(store(), saved.versionId),
      1,
      'one person approving twice is one approval',
    );
    await recordApproval(store(), { planVersionId: saved.versionId, approver: 'carol', now: at(5) });
    assert.equal(await countDistinctApprovers(store(), saved.versionId), 2);
    await assert.rejects(recordApproval(store(), { planVersionId: 'no-such-version', approver: 'bob', now: at(6) }), {
      code: 'NOT_FOUND',
    });

    const waveIds = await insertWaves(store(), saved.versionId, [
      { ordinal: 1, name: 'Finance', startsAt: at(3600), deadlineAt: at(86_400), size: 120 },
      { ordinal: 2, name: 'Sales', startsAt: at(7200), deadlineAt: at(90_000), graceUntil: at(93_600), size: 80 },
    ]);
    const waves = await store()
      .db.selectFrom('waves')
      .select(['id', 'name', 'graceUntil'])
      .where('planVersionId', '=', saved.versionId)
      .orderBy('ordinal')
      .execute();
    assert.deepEqual(
      waves.map((w) => [Number(w.id), w.name, w.graceUntil]),
      [
        [waveIds[0], 'Finance', null],
        [waveIds[1], 'Sales', at(93_600).toISOString()],
      ],
    );
  });

  it('the kill switch reads back as set, and every change is audited', async () => {
    const campaignId = await aCampaign(store());
    assert.deepEqual(await readKillSwitch(store(), campaignId), { engaged: false, changedAt: null, changedBy: null });
    await setKillSwitch(store(), {
      campaignId,
      engaged: true,
      by: 'carol',
      source: 'console',
      ip: '127.0.0.1',
      reason: 'wrong wave',
      now: at(10),
    });
    assert.deepEqual(await readKillSwitch(store(), campaignId), {
      engaged: true,
      changedAt: at(10).toISOString(),
      changedBy: 'carol',
    });
    const audit = await store()
      .db.selectFrom('auditLog')
      .select(['actor', 'action', 'details'])
      .where('target', '=', `campaign:${campaignId}`)
      .execute();
    assert.deepEqual(audit, [{ actor: 'carol', action: 'kill-switch.engage', details: '{"reason":"wrong wave"}' }]);
    assert.equal(
      (await readKillSwitch(store(), 'no-such-campaign')).engaged,
      true,
      'an unknown campaign reads as stopped',
    );
    await assert.rejects(
      setKillSwitch(store(), { campaignId: 'no-such-campaign', engaged: false, by: 'x', source: 'cli', now: at(11) }),
      { code: 'NOT_FOUND' },
    );
  });

  it('campaign status moves only along allowed paths and fixes T0 once', async () => {
    const campaignId = await aCampaign(store());
    await assert.rejects(setCampaignStatus(store(), { campaignId, status: 'completed', now: at(0) }), {
      code: 'STORE_CONFLICT',
    });
    await setCampaignStatus(store(), { campaignId, status: 'active', now: at(1) });
    await setCampaignStatus(store(), { campaignId, status: 'paused', now: at(2) });
    await setCampaignStatus(store(), { campaignId, status: 'active', now: at(3) });
    const campaign = await getCampaign(store(), campaignId);
    assert.deepEqual([campaign?.status, campaign?.t0], ['active', at(1).toISOString()]);
  });

  it('keeps every triage decision and reads back the latest', async () => {
    const campaignId = await aCampaign(store());
    assert.equal(await latestTriageDecision(store(), campaignId), undefined);
    await recordTriageDecision(store(), {
      campaignId,
      answeredBy: 'ic',
      answers: { adExfiltrated: false },
      decision: { kind: 'targeted' },
      now: at(0),
    });
    await recordTriageDecision(store(), {
      campaignId,
      answeredBy: 'ic',
      answers: { adExfiltrated: true },
      decision: { kind: 'mass', krbtgt: true },
      now: at(60),
    });
    const latest = await latestTriageDecision(store(), campaignId);
    assert.deepEqual(
      [latest?.answers, latest?.decision, latest?.answeredAt],
      [{ adExfiltrated: true }, { kind: 'mass', krbtgt: true }, at(60).toISOString()],
    );
    const all = await store()
      .db.selectFrom('triageDecisions')
      .select('id')
      .where('campaignId', '=', campaignId)
      .execute();
    assert.equal(all.length, 2);
  });

  it('settings are written, overwritten and read back as JSON', async () => {
    const key = `console.banner.${process.pid}`;
    assert.equal(await readSetting(store(), key), undefined);
    await writeSetting(store(), { key, value: { text: 'Incident 42', level: 'high' }, by: 'alice', now: at(0) });
    await writeSetting(store(), { key, value: { text: 'Incident 42: wave 2', level: 'high' }, by: 'bob', now: at(1) });
    assert.deepEqual(await readSetting(store(), key), { text: 'Incident 42: wave 2', level: 'high' });
    const row = await store()
      .db.selectFrom('settings')
      .select(['updatedBy', 'updatedAt'])
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { updatedBy: 'bob', updatedAt: at(1).toISOString() });
  });
}
