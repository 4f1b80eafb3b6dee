// The journal tallies (src/store/actions/journal-tallies.ts) on one store dialect: exact figures
// per directory and minute after throttled answers, retries, a permanent refusal, a batch of
// transitions and an exemption, equal to a recount of the journal; a journal entry written around
// the store's writers shows as a difference (the check can fail) until the tallies are rebuilt;
// a store whose journal predates the tallies is tallied when migrated. (The engine run with
// crashes, stops and two workers, and the SIGKILL run, check the tallies in action-counters-suite.ts.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { claimActions } from '../../../src/store/actions/claim-actions.ts';
import { insertActions } from '../../../src/store/actions/insert-actions.ts';
import {
  readJournalTallies,
  rebuildJournalTallies,
  recountJournalTallies,
  type JournalTally,
} from '../../../src/store/actions/journal-tallies.ts';
import { transitionAction } from '../../../src/store/actions/transition-action.ts';
import { transitionActions } from '../../../src/store/actions/transition-actions.ts';
import { openStore, type Store } from '../../../src/store/open-store.ts';
import { aCampaign, at } from '../../contracts/store/store-fixtures.ts';
import { storeBeforeMigration } from './store-before-migration.ts';

async function assertTalliesMatch(store: Store, campaignId: string, when: string): Promise<JournalTally[]> {
  const recount = await recountJournalTallies(store, campaignId);
  assert.deepEqual(
    await readJournalTallies(store, campaignId),
    recount,
    `${when}: the tallies equal a recount of the journal`,
  );
  return recount;
}

const minute = (m: number) =>
  at(m * 60)
    .toISOString()
    .slice(0, 16);
const tally = (directory: string, m: number, figures: Partial<JournalTally>): JournalTally => ({
  directory,
  minute: minute(m),
  applied: 0,
  failed: 0,
  throttled: 0,
  retries: 0,
  failureEvents: 0,
  lastThrottledAt: null,
  ...figures,
});

export function journalTalliesSuite(name: string, freshUrl: () => Promise<string>): void {
  describe(`journal tallies (${name})`, () => {
    it(
      'count applied, failed, throttled and retries per directory and minute, equal to a recount; ' +
        'an entry around the writers is seen until a rebuild',
      async () => {
        const store = await openStore(await freshUrl());
        try {
          const campaignId = await aCampaign(store);
          await insertActions(
            store,
            ['ad', 'cloud'].flatMap((directory) =>
              [0, 1, 2].map((i) => ({
                campaignId,
                waveId: null,
                directory,
                identityKey: `${directory}-${i}`,
                identityName: `${directory}${i}`,
                kind: 'requireChange',
                idempotencyKey: `${campaignId}/${directory}/${i}`,
              })),
            ),
            at(0),
          );
          const claimed = await claimActions(store, {
            campaignId,
            owner: 'w',
            limit: 10,
            leaseMs: 600_000,
            now: at(0),
          });
          const [ad0, ad1, ad2, cloud0, cloud1, cloud2] = claimed.sort((a, b) => a.id - b.id);
          const change = (a: { id: number }, to: 'applied' | 'failed', seconds: number, code?: string) => ({
            id: a.id,
            owner: 'w',
            from: 'claimed' as const,
            to,
            event: to === 'applied' ? 'apply-ok' : 'apply-failed',
            now: at(seconds),
            ...(code ? { error: { code, message: code }, nextAttemptAt: at(seconds) } : {}),
          });
          // Minute 0: ad0 throttled (09 s) and ad1 throttled (50 s), cloud0 refused for good; ad2 applied.
          await transitionAction(store, change(ad0!, 'failed', 9, 'DIRECTORY_THROTTLED'));
          await transitionActions(store, [
            change(ad1!, 'failed', 50, 'DIRECTORY_THROTTLED'),
            change(cloud0!, 'failed', 30, 'INSUFFICIENT_RIGHTS'),
            change(ad2!, 'applied', 40),
          ]);
          // Minute 1: both throttled actions retried; ad0 applied, ad1 throttled again; cloud1 throttled.
          const retried = await claimActions(store, {
            campaignId,
            owner: 'w',
            limit: 10,
            leaseMs: 600_000,
            now: at(61),
          });
          assert.deepEqual(
            retried.map((r) => r.claimedFrom),
            ['failed', 'failed'],
          );
          await transitionActions(store, [
            change(ad0!, 'applied', 62),
            change(ad1!, 'failed', 63, 'DIRECTORY_THROTTLED'),
            change(cloud1!, 'failed', 64, 'DIRECTORY_THROTTLED'),
          ]);
          // Minute 2: cloud0 exempted (failed -> skipped), cloud2 applied.
          await transitionAction(store, {
            id: cloud0!.id,
            from: 'failed',
            to: 'skipped',
            event: 'exempt',
            now: at(125),
          });
          await transitionAction(store, change(cloud2!, 'applied', 126));
          assert.deepEqual(await assertTalliesMatch(store, campaignId, 'after the run'), [
            tally('ad', 0, {
              applied: 1,
              failed: 2,
              throttled: 2,
              failureEvents: 2,
              lastThrottledAt: at(50).toISOString(),
            }),
            tally('ad', 1, {
              applied: 1,
              failed: 1,
              throttled: 1,
              retries: 2,
              failureEvents: 3,
              lastThrottledAt: at(63).toISOString(),
            }),
            tally('cloud', 0, { failed: 1, failureEvents: 1 }),
            tally('cloud', 1, { failed: 1, throttled: 1, failureEvents: 1, lastThrottledAt: at(64).toISOString() }),
            tally('cloud', 2, { applied: 1, failureEvents: 1 }),
          ]);

          // A journal entry written around the store's writers: the check sees it, a rebuild repairs it.
          await store.db
            .insertInto('journalEvents')
            .values({
              actionId: ad2!.id,
              campaignId,
              seq: 99,
              at: at(130).toISOString(),
              fromState: 'claimed',
              toState: 'failed',
              event: 'apply-failed',
              owner: 'rogue',
              details: JSON.stringify({ errorCode: 'DIRECTORY_THROTTLED' }),
            })
            .execute();
          await assert.rejects(
            assertTalliesMatch(store, campaignId, 'after an entry that bypassed the writers'),
            assert.AssertionError,
          );
          await rebuildJournalTallies(store, campaignId);
          assert.deepEqual(
            (await assertTalliesMatch(store, campaignId, 'after a rebuild')).at(2),
            tally('ad', 2, { failed: 1, throttled: 1, failureEvents: 1, lastThrottledAt: at(130).toISOString() }),
          );
        } finally {
          await store.close();
        }
      },
    );

    it('are tallied from the journal already stored when a store from before the tallies is migrated', async () => {
      const url = await freshUrl();
      const db = await storeBeforeMigration(url, '0007');
      try {
        const now = at(0).toISOString();
        await db
          .insertInto('campaigns')
          .values({ id: 'old', name: 'old', createdAt: now, status: 'active', killSwitch: 0 })
          .execute();
        await db
          .insertInto('actions')
          .values(
            ['d1', 'd2'].map((d, i) => ({
              id: i + 1,
              campaignId: 'old',
              waveId: null,
              directory: d,
              identityKey: `k${i}`,
              identityName: `n${i}`,
              kind: 'disable',
              params: '{}',
              state: 'applied',
              idempotencyKey: `old/${i}`,
              createdAt: now,
              updatedAt: now,
            })),
          )
          .execute();
        const event = (
          actionId: number,
          seq: number,
          minute: number,
          fromState: string,
          toState: string,
          details = '{}',
        ) => ({
          actionId,
          campaignId: 'old',
          seq,
          at: at(minute * 60).toISOString(),
          fromState,
          toState,
          event: 'e',
          owner: 'w',
          details,
        });
        await db
          .insertInto('journalEvents')
          .values([
            event(1, 1, 0, 'planned', 'claimed'),
            event(1, 2, 0, 'claimed', 'failed', '{"errorCode":"DIRECTORY_THROTTLED","retryable":true}'),
            event(1, 3, 1, 'failed', 'claimed'),
            event(1, 4, 1, 'claimed', 'applied'),
            event(2, 1, 0, 'planned', 'claimed'),
            event(2, 2, 2, 'claimed', 'applied'),
          ])
          .execute();
      } finally {
        await db.destroy();
      }
      const store = await openStore(url);
      try {
        assert.deepEqual(
          store.migrationsApplied.filter((m) => m < '0008'),
          ['0007-journal-tallies'],
        );
        assert.deepEqual(await assertTalliesMatch(store, 'old', 'after migrating'), [
          tally('d1', 0, { failed: 1, throttled: 1, failureEvents: 1, lastThrottledAt: at(0).toISOString() }),
          tally('d1', 1, { applied: 1, retries: 1, failureEvents: 1 }),
          tally('d2', 2, { applied: 1 }),
        ]);
      } finally {
        await store.close();
      }
    });
  });
}
