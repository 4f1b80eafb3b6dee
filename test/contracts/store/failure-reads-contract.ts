// The console's reads of failed actions through the store's reader: the status's failures grouped
// by cause, and the dashboard's failed actions by the minute they last failed, asserted on what
// they read back (every failure counted once, where it stands now; another campaign's never).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { failedActionsByMinute } from '../../../src/store/actions/failed-actions-by-minute.ts';
import { failuresByCause } from '../../../src/store/actions/failures-by-cause.ts';
import { claimActions } from '../../../src/store/actions/claim-actions.ts';
import { insertActions } from '../../../src/store/actions/insert-actions.ts';
import { transitionAction } from '../../../src/store/actions/transition-action.ts';
import type { Store } from '../../../src/store/open-store.ts';
import { aCampaign, at } from './store-fixtures.ts';

type Failure = { code: string; message: string; retryable: boolean } | null;

/**
 * A campaign whose actions (in id order) end as `outcomes` say: failed with the error given (at
 * the second given), or applied when null. Returns the campaign id.
 */
export async function aCampaignWithFailures(
  store: Store,
  outcomes: Array<{ directory: string; failure: Failure; second: number }>,
): Promise<string> {
  const campaignId = await aCampaign(store);
  await insertActions(
    store,
    outcomes.map((o, i) => ({
      campaignId,
      directory: o.directory,
      identityKey: `key-${i}`,
      identityName: `user${i}`,
      kind: 'requireChange',
      idempotencyKey: `${campaignId}/${o.directory}/key-${i}/requireChange`,
    })),
    at(0),
  );
  const claimed = await claimActions(store, {
    campaignId,
    owner: 'w1',
    limit: outcomes.length,
    leaseMs: 3_600_000,
    now: at(1),
  });
  const ids = claimed.map((c) => c.id).sort((a, b) => a - b);
  for (const [i, o] of outcomes.entries())
    await transitionAction(store, {
      id: ids[i]!,
      owner: 'w1',
      from: 'claimed',
      to: o.failure ? 'failed' : 'applied',
      event: o.failure ? 'apply-failed' : 'apply-ok',
      ...(o.failure ? { error: o.failure } : {}),
      now: at(o.second),
    });
  return campaignId;
}

const throttled = (message: string): Failure => ({ code: 'DIRECTORY_THROTTLED', message, retryable: true });
const noRight = (message: string): Failure => ({ code: 'INSUFFICIENT_RIGHTS', message, retryable: false });

export function failureReadsContract(store: () => Store): void {
  it("groups a campaign's failures by cause: counted, retrying, the first one's message, their directories", async () => {
    const campaignId = await aCampaignWithFailures(store(), [
      { directory: 'corp-ad', failure: throttled('throttled first'), second: 60 },
      { directory: 'corp-ad', failure: noRight('no right, first'), second: 61 },
      // alphabetically before the first one's message: the example is the first failure's, not the least
      { directory: 'corp-ad', failure: noRight('a later one'), second: 125 },
      { directory: 'corp-ad', failure: null, second: 126 },
      { directory: 'corp-entra', failure: throttled('throttled in Entra'), second: 130 },
      { directory: 'corp-ad', failure: throttled('throttled again'), second: 190 },
    ]);
    await aCampaignWithFailures(store(), [{ directory: 'corp-ad', failure: noRight('elsewhere'), second: 60 }]);
    assert.deepEqual(await failuresByCause(store(), campaignId), [
      {
        code: 'DIRECTORY_THROTTLED',
        count: 3,
        retrying: 3,
        message: 'throttled first',
        directories: ['corp-ad', 'corp-entra'],
      },
      { code: 'INSUFFICIENT_RIGHTS', count: 2, retrying: 0, message: 'no right, first', directories: ['corp-ad'] },
    ]);
    assert.deepEqual(
      [...(await failedActionsByMinute(store(), campaignId))].sort(),
      [
        ['2026-03-02T08:01', 2],
        ['2026-03-02T08:02', 2],
        ['2026-03-02T08:03', 1],
      ],
      'each failed action once, at the minute of its last update; the applied one not at all',
    );
  });

  it('reads nothing for a campaign without failures', async () => {
    const campaignId = await aCampaignWithFailures(store(), [{ directory: 'corp-ad', failure: null, second: 60 }]);
    assert.deepEqual(await failuresByCause(store(), campaignId), []);
    assert.equal((await failedActionsByMinute(store(), campaignId)).size, 0);
  });
}
