// The store's reads behind the console (the campaign list, helpdesk activity, a caller's history,
// a still-valid verification, whether the campaign itself disabled someone, the operator count),
// asserted on what they read back.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { actionIdByKey } from '../../../src/store/actions/actions-by-key.ts';
import { disabledByCampaign } from '../../../src/store/actions/campaign-enforcement.ts';
import { claimActions } from '../../../src/store/actions/claim-actions.ts';
import { insertActions } from '../../../src/store/actions/insert-actions.ts';
import { transitionAction } from '../../../src/store/actions/transition-action.ts';
import { appendAudit } from '../../../src/store/audit/append-audit.ts';
import { listCampaigns } from '../../../src/store/campaigns/list-campaigns.ts';
import { countVerifications } from '../../../src/store/helpdesk/count-verifications.ts';
import { identityHistory } from '../../../src/store/helpdesk/identity-history.ts';
import { recentVerification } from '../../../src/store/helpdesk/recent-verification.ts';
import { recordVerification } from '../../../src/store/helpdesk/record-verification.ts';
import type { Store } from '../../../src/store/open-store.ts';
import { countOperators, createOperator } from '../../../src/store/operators/create-operator.ts';
import { aCampaign, at } from './store-fixtures.ts';

export function consoleReadsContract(store: () => Store): void {
  it('lists campaigns newest first, with the kill switch as a boolean', async () => {
    const first = await aCampaign(store());
    const second = await aCampaign(store());
    const listed = await listCampaigns(store(), 1000);
    const ours = listed.filter((c) => c.id === first || c.id === second);
    assert.equal(ours.length, 2);
    assert.equal(typeof ours[0]!.killSwitch, 'boolean');
    assert.equal(ours[0]!.killSwitch, false);
    const createdAt = listed.map((c) => c.createdAt);
    assert.deepEqual(createdAt, [...createdAt].sort().reverse(), 'newest first');
  });

  it("counts a campaign's verifications and finds a caller's newest valid one by its agent", async () => {
    const campaignId = await aCampaign(store());
    const other = await aCampaign(store());
    const verify = (campaign: string, by: string, outcome: 'verified' | 'refused', seconds: number) =>
      recordVerification(store(), {
        campaignId: campaign,
        directory: 'corp-ad',
        identityKey: 'k1',
        method: 'video',
        evidence: 'a video call with the manager present',
        verifiedBy: by,
        outcome,
        now: at(seconds),
      });
    const old = await verify(campaignId, 'dave', 'verified', 0);
    const newest = await verify(campaignId, 'dave', 'verified', 60);
    await verify(campaignId, 'dave', 'refused', 120);
    await verify(campaignId, 'erin', 'verified', 180);
    await verify(other, 'dave', 'verified', 240);
    assert.equal(await countVerifications(store(), campaignId), 4);
    assert.equal(await countVerifications(store(), other), 1);
    const find = (by: string, since: Date) =>
      recentVerification(store(), {
        campaignId,
        directory: 'corp-ad',
        identityKey: 'k1',
        verifiedBy: by,
        since: since.toISOString(),
      });
    assert.equal((await find('dave', at(0)))?.id, newest, 'the newest verified one, not the refusal');
    assert.ok(newest > old);
    assert.equal(await find('dave', at(61)), undefined, 'older than the validity window: none');
    assert.equal(await find('frank', at(0)), undefined, 'another agent never inherits a verification');
  });

  it("reads a caller's actions, their journal and the audit entries that name them", async () => {
    const campaignId = await aCampaign(store());
    const k1 = `k1-${campaignId}`; // the audit log is the store's, not the campaign's: a key no other test names
    await insertActions(
      store(),
      [
        {
          campaignId,
          directory: 'corp-ad',
          identityKey: k1,
          identityName: 'u1',
          kind: 'requireChange',
          idempotencyKey: `${campaignId}/corp-ad/${k1}/requireChange`,
        },
        {
          campaignId,
          directory: 'corp-ad',
          identityKey: 'k2',
          identityName: 'u2',
          kind: 'requireChange',
          idempotencyKey: `${campaignId}/corp-ad/k2/requireChange`,
        },
      ],
      at(0),
    );
    await appendAudit(store(), {
      actor: 'dave',
      action: 'helpdesk.verify',
      target: `corp-ad:${k1}`,
      source: 'console',
      now: at(1),
    });
    await appendAudit(store(), {
      actor: 'dave',
      action: 'helpdesk.verify',
      target: 'corp-ad:k2',
      source: 'console',
      now: at(2),
    });
    const history = await identityHistory(store(), { campaignId, directory: 'corp-ad', identityKey: k1 });
    assert.equal(history.actions.length, 1);
    assert.equal(history.actions[0]!.kind, 'requireChange');
    assert.ok(history.journal.every((j) => Number(j.actionId) === Number(history.actions[0]!.id)));
    assert.deepEqual(
      history.audit.map((a) => a.action),
      ['helpdesk.verify'],
    );
    const nobody = await identityHistory(store(), { campaignId, directory: 'corp-ad', identityKey: 'k9' });
    assert.deepEqual([nobody.actions, nobody.journal, nobody.audit], [[], [], []]);
  });

  it('knows whether the campaign disabled someone at the deadline and has not enabled them since', async () => {
    const campaignId = await aCampaign(store());
    const deadlineKey = (k: string) => `${campaignId}/deadline/corp-ad/${k}`;
    const action = (k: string, kind: string, key: string) => ({
      campaignId,
      directory: 'corp-ad',
      identityKey: k,
      identityName: k,
      kind,
      idempotencyKey: key,
    });
    await insertActions(
      store(),
      [
        action('k1', 'disable', deadlineKey('k1')),
        action('k2', 'disable', deadlineKey('k2')),
        action('k3', 'disable', deadlineKey('k3')),
      ],
      at(0),
    );
    await claimActions(store(), { campaignId, owner: 'w', limit: 10, leaseMs: 60_000, now: at(1) });
    for (const k of ['k1', 'k2']) {
      const id = await actionIdByKey(store(), deadlineKey(k));
      await transitionAction(store(), {
        id,
        owner: 'w',
        from: 'claimed',
        to: 'applied',
        event: 'apply-ok',
        now: at(2),
      });
    }
    await insertActions(store(), [action('k2', 'enable', `${campaignId}/enable/corp-ad/k2`)], at(3));
    await claimActions(store(), { campaignId, owner: 'w', limit: 10, leaseMs: 60_000, now: at(4) });
    const enable = await actionIdByKey(store(), `${campaignId}/enable/corp-ad/k2`);
    await transitionAction(store(), {
      id: enable,
      owner: 'w',
      from: 'claimed',
      to: 'applied',
      event: 'apply-ok',
      now: at(5),
    });
    const disabled = (k: string) =>
      disabledByCampaign(store(), { campaignId, directory: 'corp-ad', identityKey: k, deadlineKey: deadlineKey(k) });
    assert.equal(await disabled('k1'), true, 'disabled at the deadline');
    assert.equal(await disabled('k2'), false, 'enabled again by the campaign since');
    assert.equal(await disabled('k3'), false, 'the deadline action never applied');
  });

  it('counts console accounts', async () => {
    const before = await countOperators(store());
    await createOperator(store(), {
      username: `op-${process.pid}-${before}`,
      displayName: 'Op',
      role: 'viewer',
      passwordHash: 'x',
      now: at(0),
    });
    assert.equal(await countOperators(store()), before + 1);
  });
}
