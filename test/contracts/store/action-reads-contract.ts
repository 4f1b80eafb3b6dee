// The store's reads of actions for the app and the engine (by key and key prefix, failures by
// code, policy links, applied writes, tallies, the report's lists, one action's outcome, work
// remaining) and verification's applied -> verified, asserted on what they read back.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { actionOutcome } from '../../../src/store/actions/action-outcome.ts';
import { actionTallies } from '../../../src/store/actions/action-tallies.ts';
import { actionIdByKey, actionsByKeyPrefix, actionsByKeys } from '../../../src/store/actions/actions-by-key.ts';
import { appliedEvents } from '../../../src/store/actions/applied-events.ts';
import { campaignActions, campaignJournal } from '../../../src/store/actions/campaign-actions.ts';
import { claimActions } from '../../../src/store/actions/claim-actions.ts';
import { countActions } from '../../../src/store/actions/count-actions.ts';
import { actionsFailedWith } from '../../../src/store/actions/failed-actions.ts';
import { insertActions, type NewAction } from '../../../src/store/actions/insert-actions.ts';
import { appliedActions, markActionsVerified } from '../../../src/store/actions/mark-verified.ts';
import { appliedPolicyLinks } from '../../../src/store/actions/password-policy-links.ts';
import { readJournal } from '../../../src/store/actions/read-journal.ts';
import { transitionAction } from '../../../src/store/actions/transition-action.ts';
import { workRemains } from '../../../src/store/actions/work-remains.ts';
import type { Store } from '../../../src/store/open-store.ts';
import { insertWaves } from '../../../src/store/plans/insert-waves.ts';
import { savePlanVersion } from '../../../src/store/plans/save-plan-version.ts';
import { aCampaign, at } from './store-fixtures.ts';

/** A campaign with two waves and six actions in known states; the ids in insertion order. */
async function aCampaignInKnownStates(store: Store) {
  const campaignId = await aCampaign(store);
  const other = await aCampaign(store);
  const { versionId } = await savePlanVersion(store, {
    planId: `${campaignId}-plan`,
    campaignId,
    name: 'Plan',
    body: { waves: 2 },
    createdBy: 'alice',
    now: at(0),
  });
  const [wave1, wave2] = (await insertWaves(store, versionId, [
    { ordinal: 1, name: 'one', startsAt: at(0), deadlineAt: at(3600), size: 4 },
    { ordinal: 2, name: 'two', startsAt: at(0), deadlineAt: at(3600), size: 0 },
  ])) as [number, number];
  const action = (i: number, kind: string, key: string, extra: Partial<NewAction> = {}): NewAction => ({
    campaignId,
    waveId: wave1,
    directory: i >= 4 ? 'corp-entra' : 'corp-ad',
    identityKey: `k${i}`,
    identityName: `user${i}`,
    kind,
    idempotencyKey: key,
    ...extra,
  });
  await insertActions(
    store,
    [
      action(0, 'disable', `${campaignId}/deadline/corp-ad/k0`),
      action(1, 'disable', `${campaignId}/deadline/corp-ad/k1`),
      action(2, 'unlinkPasswordPolicy', `${campaignId}/unlink-pso/corp-ad/k2`),
      action(3, 'linkPasswordPolicy', `${campaignId}/link/corp-ad/k3`, { params: { maxAgeDays: 5, groupDn: 'CN=g' } }),
      action(4, 'requireChange', `${campaignId}/start/corp-entra/k4`, { waveId: null }),
      action(5, 'requireChange', `${campaignId}/start/corp-entra/k5`, { waveId: null }),
      // another campaign's deadline action: never part of this campaign's reads
      { ...action(0, 'disable', `${other}/deadline/corp-ad/k0`), campaignId: other },
    ],
    at(0),
  );
  const ids = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => actionIdByKey(store, keyOf(campaignId, i))));
  await claimActions(store, { campaignId, owner: 'w', limit: 10, leaseMs: 60_000, now: at(1) });
  const apply = (id: number, seconds: number, details: Record<string, unknown> = {}) =>
    transitionAction(store, {
      id,
      owner: 'w',
      from: 'claimed',
      to: 'applied',
      event: 'apply-ok',
      details,
      now: at(seconds),
    });
  await apply(ids[0]!, 2, { at: '2026-03-02T08:00:01.500Z', facts: { dc: 'dc1' } });
  await apply(ids[2]!, 3);
  await apply(ids[3]!, 4);
  const fail = (id: number, code: string, retryable: boolean) =>
    transitionAction(store, {
      id,
      owner: 'w',
      from: 'claimed',
      to: 'failed',
      event: 'apply-failed',
      error: { code, message: `${code} happened`, retryable },
      now: at(5),
    });
  await fail(ids[4]!, 'CHANGE_DID_NOT_STICK', false);
  await fail(ids[5]!, 'DIRECTORY_THROTTLED', true);
  return { campaignId, other, wave1, wave2, ids: ids as [number, number, number, number, number, number] };
}

const keys = ['deadline/corp-ad/k0', 'deadline/corp-ad/k1', 'unlink-pso/corp-ad/k2', 'link/corp-ad/k3'];
function keyOf(campaignId: string, i: number): string {
  return `${campaignId}/${keys[i] ?? `start/corp-entra/k${i}`}`;
}

export function actionReadsContract(store: () => Store): void {
  it('finds actions by key and by key prefix, only the campaign asked for, in id order', async () => {
    const { campaignId, other, wave1, ids } = await aCampaignInKnownStates(store());
    assert.equal(await actionIdByKey(store(), keyOf(campaignId, 3)), ids[3]);
    await assert.rejects(actionIdByKey(store(), `${campaignId}/no-such-key`));

    const byKeys = await actionsByKeys(store(), [keyOf(campaignId, 5), keyOf(campaignId, 4), 'no-such-key']);
    assert.deepEqual(
      byKeys.map((a) => [a.id, a.state, a.lastErrorCode, a.lastErrorMessage, a.failureRetryable, a.identityName]),
      [
        [ids[4], 'failed', 'CHANGE_DID_NOT_STICK', 'CHANGE_DID_NOT_STICK happened', false, 'user4'],
        [ids[5], 'failed', 'DIRECTORY_THROTTLED', 'DIRECTORY_THROTTLED happened', true, 'user5'],
      ],
    );
    assert.deepEqual(
      (await actionsByKeys(store(), [keyOf(campaignId, 0), keyOf(campaignId, 4)], { state: 'failed' })).map(
        (a) => a.id,
      ),
      [ids[4]],
    );
    assert.deepEqual(await actionsByKeys(store(), []), []);
    assert.equal((await actionsByKeys(store(), [keyOf(campaignId, 0)]))[0]!.updatedAt, at(2).toISOString());

    const deadline = await actionsByKeyPrefix(store(), { campaignId, prefix: `${campaignId}/deadline/` });
    assert.deepEqual(
      deadline.map((a) => [a.id, a.state, a.waveId, a.directory, a.identityKey, a.kind]),
      [
        [ids[0], 'applied', wave1, 'corp-ad', 'k0', 'disable'],
        [ids[1], 'claimed', wave1, 'corp-ad', 'k1', 'disable'],
      ],
    );
    assert.deepEqual(
      (
        await actionsByKeyPrefix(store(), {
          campaignId,
          prefix: `${campaignId}/deadline/`,
          states: ['applied', 'verified'],
        })
      ).map((a) => a.id),
      [ids[0]],
    );
    assert.deepEqual(
      (await actionsByKeyPrefix(store(), { campaignId, prefix: `${other}/deadline/` })).map((a) => a.id),
      [],
      "another campaign's keys are not this campaign's",
    );
    assert.equal((await actionsByKeyPrefix(store(), { campaignId: other, prefix: `${other}/deadline/` })).length, 1);
  });

  it('reads failures by code, applied policy links with their wave, and the applied writes with their journal', async () => {
    const { campaignId, wave1, ids } = await aCampaignInKnownStates(store());
    assert.deepEqual(
      await actionsFailedWith(store(), { campaignId, kind: 'requireChange', code: 'CHANGE_DID_NOT_STICK' }),
      [{ id: ids[4], directory: 'corp-entra', identityKey: 'k4' }],
    );
    assert.deepEqual(
      await actionsFailedWith(store(), { campaignId, kind: 'disable', code: 'CHANGE_DID_NOT_STICK' }),
      [],
    );

    assert.deepEqual(await appliedPolicyLinks(store(), campaignId), [
      {
        directory: 'corp-ad',
        identityKey: 'k3',
        identityName: 'user3',
        waveId: wave1,
        params: { maxAgeDays: 5, groupDn: 'CN=g' },
        ordinal: 1,
      },
    ]);

    const applied = await appliedEvents(store(), campaignId);
    assert.deepEqual(
      applied.map((e) => [e.actionId, e.kind, e.at]),
      [
        [ids[0], 'disable', at(2).toISOString()],
        [ids[2], 'unlinkPasswordPolicy', at(3).toISOString()],
        [ids[3], 'linkPasswordPolicy', at(4).toISOString()],
      ],
    );
    assert.deepEqual(applied[0]!.details, { at: '2026-03-02T08:00:01.500Z', facts: { dc: 'dc1' } });
    assert.deepEqual(
      (await appliedEvents(store(), campaignId, { kinds: ['disable', 'linkPasswordPolicy'] })).map((e) => e.actionId),
      [ids[0], ids[3]],
    );
    assert.deepEqual(await appliedEvents(store(), campaignId, { directory: 'corp-entra' }), []);
  });

  it('marks applied actions verified with a journal entry and the counters, leaving the others alone', async () => {
    const { campaignId, ids } = await aCampaignInKnownStates(store());
    const everyone = [0, 1, 2, 3, 4, 5].map((i) => ({ directory: i >= 4 ? 'corp-entra' : 'corp-ad', key: `k${i}` }));
    assert.deepEqual(
      (await appliedActions(store(), campaignId, everyone)).map((a) => [a.id, a.directory, a.identityKey]).sort(),
      [
        [ids[0], 'corp-ad', 'k0'],
        [ids[2], 'corp-ad', 'k2'],
        [ids[3], 'corp-ad', 'k3'],
      ].sort(),
    );
    assert.deepEqual(
      (
        await appliedActions(store(), campaignId, [
          { directory: 'corp-ad', key: 'k2' },
          { directory: 'corp-entra', key: 'k3' },
        ])
      ).map((a) => a.id),
      [ids[2]],
      'only the identities asked for, each in its own directory',
    );
    const verified = await markActionsVerified(store(), {
      campaignId,
      ids: [ids[0], ids[4]],
      now: at(100),
      details: { t0: 'T0' },
    });
    assert.deepEqual(verified, [ids[0]], 'a failed action is not verified');
    assert.deepEqual(await markActionsVerified(store(), { campaignId, ids: [], now: at(100), details: {} }), []);
    const journal = await readJournal(store(), ids[0]);
    assert.deepEqual(
      journal.map((e) => [e.fromState, e.toState, e.event, e.at]),
      [
        ['planned', 'claimed', 'claim', at(1).toISOString()],
        ['claimed', 'applied', 'apply-ok', at(2).toISOString()],
        ['applied', 'verified', 'verify', at(100).toISOString()],
      ],
    );
    assert.deepEqual(journal.at(-1)!.details, { t0: 'T0' });
    assert.equal((await readJournal(store(), ids[4])).at(-1)!.toState, 'failed');
    const counts = await countActions(store(), { campaignId });
    assert.deepEqual([counts.verified, counts.applied, counts.failed, counts.claimed], [1, 2, 2, 1]);
    assert.deepEqual(
      (await appliedActions(store(), campaignId, everyone)).map((a) => a.id).sort(),
      [ids[2], ids[3]].sort(),
    );
  });

  it("tallies the campaign's actions and lists them and their journal for the report", async () => {
    const { campaignId, wave1, ids } = await aCampaignInKnownStates(store());
    const tallies = await actionTallies(store(), campaignId);
    assert.deepEqual(
      tallies.map((t) => [t.kind, t.state, t.phase, t.n]).sort(),
      [
        ['disable', 'applied', 'deadline', 1],
        ['disable', 'claimed', 'deadline', 1],
        ['linkPasswordPolicy', 'applied', null, 1],
        ['requireChange', 'failed', null, 1],
        ['requireChange', 'failed', null, 1],
        ['unlinkPasswordPolicy', 'applied', null, 1],
      ],
      'the deadline keys are told apart; another campaign is not counted',
    );
    assert.deepEqual(
      tallies
        .filter((t) => t.kind === 'requireChange')
        .map((t) => [t.state, t.lastErrorCode, t.n])
        .sort(),
      [
        ['failed', 'CHANGE_DID_NOT_STICK', 1],
        ['failed', 'DIRECTORY_THROTTLED', 1],
      ],
    );
    assert.equal(
      tallies.reduce((sum, t) => sum + t.n, 0),
      6,
    );

    const actions = await campaignActions(store(), campaignId);
    assert.deepEqual(
      actions.map((a) => [a.id, a.waveId, a.state, a.failureRetryable === null ? null : Number(a.failureRetryable)]),
      [
        [ids[0], wave1, 'applied', null],
        [ids[1], wave1, 'claimed', null],
        [ids[2], wave1, 'applied', null],
        [ids[3], wave1, 'applied', null],
        [ids[4], null, 'failed', 0],
        [ids[5], null, 'failed', 1],
      ],
    );
    assert.deepEqual(JSON.parse(actions[3]!.params), { maxAgeDays: 5, groupDn: 'CN=g' });

    const journal = await campaignJournal(store(), campaignId);
    assert.deepEqual(
      journal.filter((e) => e.actionId === ids[4]).map((e) => [e.toState, e.event, e.at]),
      [
        ['claimed', 'claim', at(1).toISOString()],
        ['failed', 'apply-failed', at(5).toISOString()],
      ],
    );
    assert.equal(journal.length, 6 + 5, 'six claims, three applies, two failures');
    assert.equal(
      journal.find((e) => e.actionId === ids[4] && e.toState === 'failed')!.details.errorCode,
      'CHANGE_DID_NOT_STICK',
    );

    // One row per group, not per action: two re-enables in the same state are one row of 2.
    await insertActions(
      store(),
      [6, 7].map((i) => ({
        campaignId,
        waveId: wave1,
        directory: 'corp-ad',
        identityKey: `k${i}`,
        identityName: `user${i}`,
        kind: 'enable',
        idempotencyKey: `${campaignId}/reenable/corp-ad/k${i}`,
      })),
      at(0),
    );
    const regrouped = await actionTallies(store(), campaignId);
    assert.deepEqual(
      regrouped.filter((t) => t.kind === 'enable').map((t) => [t.state, t.phase, t.n]),
      [['planned', 'reenable', 2]],
    );
  });

  it("reads one action's outcome and whether work remains, for a campaign or some of its waves", async () => {
    const { campaignId, wave1, wave2, ids } = await aCampaignInKnownStates(store());
    assert.deepEqual(await actionOutcome(store(), ids[4]), {
      state: 'failed',
      lastErrorCode: 'CHANGE_DID_NOT_STICK',
      lastErrorMessage: 'CHANGE_DID_NOT_STICK happened',
    });
    assert.deepEqual(await actionOutcome(store(), ids[0]), {
      state: 'applied',
      lastErrorCode: null,
      lastErrorMessage: null,
    });
    await assert.rejects(actionOutcome(store(), 987_654_321));

    assert.equal(await workRemains(store(), campaignId, undefined), true, 'a claimed and a retryable action');
    assert.equal(await workRemains(store(), campaignId, [wave1]), true, 'wave 1 has a claimed action');
    assert.equal(await workRemains(store(), campaignId, [wave2]), false, 'wave 2 has no action');
    await transitionAction(store(), {
      id: ids[1],
      owner: 'w',
      from: 'claimed',
      to: 'skipped',
      event: 'skip',
      now: at(6),
    });
    assert.equal(await workRemains(store(), campaignId, [wave1]), false, 'wave 1 is final now');
    assert.equal(
      await workRemains(store(), campaignId, []),
      true,
      'no wave given: the whole campaign (a retryable failure)',
    );
    await transitionAction(store(), { id: ids[5], from: 'failed', to: 'skipped', event: 'skip', now: at(7) });
    assert.equal(await workRemains(store(), campaignId, undefined), false, 'a permanent failure is final');
  });
}
