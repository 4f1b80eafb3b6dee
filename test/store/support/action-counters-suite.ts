// The action counters (src/store/actions/action-counters.ts) against a recount of the actions
// table (GROUP BY), and the journal tallies (journal-tallies.ts) against a recount of the journal,
// on one store dialect: after a real engine run with retries, permanent
// failures, guardrail refusals, a crashed worker's recovered leases, a graceful stop that gives
// leases back and two workers at once; after a worker process killed with SIGKILL in the middle
// of its transactions; and after migrating a store that held actions before the counters existed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { CamelCasePlugin, Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { runActions } from '../../../src/engine/run-actions.ts';
import { claimActions } from '../../../src/store/actions/claim-actions.ts';
import { countActions, countActionsByWave, type StateCounts } from '../../../src/store/actions/count-actions.ts';
import { insertActions } from '../../../src/store/actions/insert-actions.ts';
import { readJournalTallies, recountJournalTallies } from '../../../src/store/actions/journal-tallies.ts';
import { releaseLeases } from '../../../src/store/actions/release-leases.ts';
import { recountActionsByWave } from '../../../src/store/actions/recount-actions.ts';
import { transitionAction } from '../../../src/store/actions/transition-action.ts';
import { migration0001 } from '../../../src/store/migrations/0001-initial.ts';
import { openStore, type Store } from '../../../src/store/open-store.ts';
import { parseStoreUrl } from '../../../src/store/parse-store-url.ts';
import { insertWaves } from '../../../src/store/plans/insert-waves.ts';
import { killWorkerMidRun } from '../../contracts/store/kill-worker-mid-run.ts';
import { aCampaignWithActions, at } from '../../contracts/store/store-fixtures.ts';
import { MemoryDirectory } from '../../engine/support/a-memory-directory.ts';
import { anEngineFixture, fastRun, runDeps, type EngineFixture } from '../../engine/support/engine-fixture.ts';

const unlimited = { concurrency: 4, ratePerSecond: Infinity, burst: 1 };

/** Per wave ('none' for no wave), the non-zero counts by state, in a stable order. */
function shape(byWave: Map<number | null, StateCounts>): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [wave, counts] of [...byWave.entries()].sort(([a], [b]) => (a ?? 0) - (b ?? 0))) {
    const nonZero = Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0));
    if (Object.keys(nonZero).length > 0) out[wave === null ? 'none' : String(wave)] = nonZero;
  }
  return out;
}

async function assertCountersMatch(
  store: Store,
  campaignId: string,
  when: string,
): Promise<Record<string, Record<string, number>>> {
  // The dashboard's journal tallies are kept by the same writers: checked at the same points.
  assert.deepEqual(
    await readJournalTallies(store, campaignId),
    await recountJournalTallies(store, campaignId),
    `${when}: the journal tallies equal a recount of the journal`,
  );
  const recount = shape(await recountActionsByWave(store, campaignId));
  assert.deepEqual(
    shape(await countActionsByWave(store, campaignId)),
    recount,
    `${when}: the counters equal a recount of the actions`,
  );
  const totals: Record<string, number> = {};
  for (const counts of Object.values(recount))
    for (const [s, n] of Object.entries(counts)) totals[s] = (totals[s] ?? 0) + n;
  const fromCounters = Object.fromEntries(
    Object.entries(await countActions(store, { campaignId })).filter(([, n]) => n !== 0),
  );
  assert.deepEqual(fromCounters, totals, `${when}: the campaign totals equal a recount`);
  return recount;
}

export function actionCountersSuite(name: string, freshUrl: () => Promise<string>): void {
  describe(`action counters (${name})`, () => {
    it('equal a recount through a whole engine run: retries, refusals, crash recovery, graceful stop, two workers', async () => {
      let f: EngineFixture | undefined;
      try {
        f = await anEngineFixture({ storeUrl: await freshUrl() });
        const { store, campaignId } = f;
        const [wave2] = await insertWaves(store, f.planVersionId, [
          { ordinal: 2, name: 'wave 2', startsAt: new Date(), deadlineAt: new Date(Date.now() + 3_600_000), size: 0 },
        ]);
        const ad = new MemoryDirectory('corp-ad').withUsers(120);
        const entra = new MemoryDirectory('corp-entra').withUsers(30, 'cloud');
        ad.latencyMs = 1;
        ad.fault = (spec, attempt) => {
          const i = Number(spec.identity.name.replace('user', ''));
          if (i % 10 === 3) return 'INSUFFICIENT_RIGHTS';
          if (i % 10 === 5 && attempt <= 2) return 'DIRECTORY_THROTTLED';
          if (i % 10 === 7 && attempt === 1) return 'apply-then-hang';
          return null;
        };
        // Waves interleaved in one insert (and an idempotent re-insert that adds nothing); the
        // Entra actions belong to no wave.
        const planned = [
          ...[...ad.users.values()].map((u, i) => ({
            campaignId,
            waveId: i % 3 === 0 ? wave2! : f!.waveId,
            directory: ad.id,
            identityKey: u.key,
            identityName: u.name,
            kind: 'requireChange',
            idempotencyKey: `${campaignId}/${ad.id}/${u.key}`,
          })),
          ...[...entra.users.values()].map((u) => ({
            campaignId,
            waveId: null,
            directory: entra.id,
            identityKey: u.key,
            identityName: u.name,
            kind: 'revokeSessions',
            idempotencyKey: `${campaignId}/${entra.id}/${u.key}`,
          })),
        ];
        assert.equal(await insertActions(store, planned, new Date()), 150);
        assert.equal(await insertActions(store, planned.slice(0, 70), new Date()), 0);
        assert.deepEqual(await assertCountersMatch(store, campaignId, 'after planning'), {
          [f.waveId]: { planned: 80 },
          [wave2!]: { planned: 40 },
          none: { planned: 30 },
        });

        // A worker that claims 12 actions, journals apply-start for half of them, and dies.
        const dead = await claimActions(store, {
          campaignId,
          owner: 'dead-worker',
          limit: 12,
          leaseMs: 40,
          now: new Date(),
          directory: ad.id,
        });
        for (const action of dead.slice(0, 6))
          await transitionAction(store, {
            id: action.id,
            owner: 'dead-worker',
            from: 'claimed',
            to: 'claimed',
            event: 'apply-start',
            now: new Date(),
          });
        await assertCountersMatch(store, campaignId, 'after a worker died holding leases');
        // A worker shutting down gives its leases back: unstarted to planned, started in doubt.
        const leaving = await claimActions(store, {
          campaignId,
          owner: 'leaving-worker',
          limit: 10,
          leaseMs: 60_000,
          now: new Date(),
          directory: entra.id,
        });
        for (const action of leaving.slice(0, 3))
          await transitionAction(store, {
            id: action.id,
            owner: 'leaving-worker',
            from: 'claimed',
            to: 'claimed',
            event: 'apply-start',
            now: new Date(),
          });
        assert.deepEqual(await releaseLeases(store, { owner: 'leaving-worker', now: new Date() }), {
          released: 7,
          inDoubt: 3,
        });
        await assertCountersMatch(store, campaignId, 'after a worker gave its leases back');
        await sleep(60);

        // A graceful stop part-way.
        const stop = new AbortController();
        let writes = 0;
        ad.onWrite = () => {
          if ((writes += 1) === 25) stop.abort();
        };
        const first = await runActions(runDeps(f, [ad, entra], { owner: 'worker-1', protectedNames: ['user9'] }), {
          campaignId,
          limits: { [ad.id]: unlimited, [entra.id]: unlimited },
          ...fastRun,
          signal: stop.signal,
        });
        assert.equal(first.stoppedBy, 'signal');
        await assertCountersMatch(store, campaignId, 'after a graceful stop');
        ad.onWrite = () => undefined;

        // Two workers finish the campaign together.
        const deps = (owner: string) => runDeps(f!, [ad, entra], { owner, protectedNames: ['user9'] });
        await Promise.all(
          ['worker-2', 'worker-3'].map((owner) =>
            runActions(deps(owner), { campaignId, limits: { [ad.id]: unlimited, [entra.id]: unlimited }, ...fastRun }),
          ),
        );
        const done = await assertCountersMatch(store, campaignId, 'after the run');
        // 12 permanent refusals for rights (user3, 13, ...) plus user9, protected: failed; the rest applied.
        const sum = (state: string) => Object.values(done).reduce((n, c) => n + (c[state] ?? 0), 0);
        assert.equal(sum('failed'), 13);
        assert.equal(sum('applied'), 137);
        // The journal tallies saw each applied action once, the throttled answers (user5, 15, ...:
        // twice each) and the retries they caused.
        const tallies = await readJournalTallies(store, campaignId);
        const tallied = (k: 'applied' | 'throttled' | 'retries') => tallies.reduce((n, t) => n + t[k], 0);
        assert.deepEqual([tallied('applied'), tallied('throttled')], [137, 24]);
        assert.ok(tallied('retries') >= 24, `every throttled answer was retried (${tallied('retries')} retries)`);

        // The paths this test means to cover were really taken (read from the journal).
        const events = await store.db
          .selectFrom('journalEvents')
          .select(['event', (eb) => eb.fn.countAll<number>().as('n')])
          .where('campaignId', '=', campaignId)
          .groupBy('event')
          .execute();
        const seen = new Map(events.map((e) => [e.event, Number(e.n)]));
        for (const event of ['claim', 'recovered', 'release', 'apply-start', 'apply-ok', 'apply-failed', 'refused'])
          assert.ok((seen.get(event) ?? 0) > 0, `the run journaled ${event}`);

        // After the run: permanent failures exempted (failed -> skipped), applied -> verified.
        const rows = await store.db
          .selectFrom('actions')
          .select(['id', 'state'])
          .where('campaignId', '=', campaignId)
          .orderBy('id')
          .execute();
        for (const row of rows.filter((r) => r.state === 'failed'))
          await transitionAction(store, {
            id: Number(row.id),
            from: 'failed',
            to: 'skipped',
            event: 'exempt',
            now: new Date(),
          });
        for (const row of rows.filter((r) => r.state === 'applied').slice(0, 50))
          await transitionAction(store, {
            id: Number(row.id),
            from: 'applied',
            to: 'verified',
            event: 'verify',
            now: new Date(),
          });
        await assertCountersMatch(store, campaignId, 'after exemptions and verification');
      } finally {
        await f?.close();
      }
    });

    it('equal a recount after a worker process is killed with SIGKILL mid-transaction, and after its actions are recovered', async () => {
      const store = await openStore(await freshUrl());
      try {
        const { campaignId, ids } = await aCampaignWithActions(store, 1500);
        await killWorkerMidRun(store, campaignId, { owner: 'doomed', appliedBeforeKill: 40 });
        const afterKill = await assertCountersMatch(store, campaignId, 'after SIGKILL');
        assert.ok(
          (afterKill.none?.applied ?? 0) >= 40 && (afterKill.none?.applied ?? 0) < ids.length,
          'the worker was killed part-way',
        );

        // The survivor recovers the expired leases and finishes everything.
        for (;;) {
          const claimed = await claimActions(store, {
            campaignId,
            owner: 'survivor',
            limit: 200,
            leaseMs: 60_000,
            now: at(61),
          });
          if (claimed.length === 0) break;
          for (const action of claimed)
            await transitionAction(store, {
              id: action.id,
              owner: 'survivor',
              from: 'claimed',
              to: 'applied',
              event: action.recovered ? 'recovered-applied' : 'apply-ok',
              now: at(61),
            });
        }
        assert.deepEqual(await assertCountersMatch(store, campaignId, 'after recovery'), {
          none: { applied: ids.length },
        });
      } finally {
        await store.close();
      }
    });

    it('are filled from the actions already stored when a store from before the counters is migrated', async () => {
      const url = await freshUrl();
      const location = parseStoreUrl(url);
      const db = new Kysely<any>({
        dialect:
          location.dialect === 'sqlite'
            ? new SqliteDialect({ database: new BetterSqlite3(location.path) })
            : new PostgresDialect({ pool: new pg.Pool({ connectionString: location.connectionString, max: 1 }) }),
        plugins: [new CamelCasePlugin()],
      });
      try {
        const migrated = await new Migrator({
          db,
          provider: { getMigrations: async () => ({ '0001-initial': migration0001(location.dialect) }) },
        }).migrateToLatest();
        assert.equal(migrated.error, undefined);
        const now = at(0).toISOString();
        await db
          .insertInto('campaigns')
          .values({ id: 'old', name: 'old', createdAt: now, status: 'active', killSwitch: 0 })
          .execute();
        await db
          .insertInto('plans')
          .values({ id: 'p', campaignId: 'old', name: 'p', createdBy: 'a', createdAt: now })
          .execute();
        await db
          .insertInto('planVersions')
          .values({ id: 'v', planId: 'p', createdBy: 'a', createdAt: now, body: '{}' })
          .execute();
        await db
          .insertInto('waves')
          .values({ id: 7, planVersionId: 'v', ordinal: 1, name: 'w', startsAt: now, deadlineAt: now, size: 0 })
          .execute();
        const states = ['planned', 'claimed', 'applied', 'verified', 'failed', 'skipped'];
        await db
          .insertInto('actions')
          .values(
            Array.from({ length: 60 }, (_, i) => ({
              campaignId: 'old',
              waveId: i % 4 === 0 ? null : 7,
              directory: 'd',
              identityKey: `k${i}`,
              identityName: `n${i}`,
              kind: 'disable',
              params: '{}',
              state: states[i % states.length],
              idempotencyKey: `old/${i}`,
              createdAt: now,
              updatedAt: now,
            })),
          )
          .execute();
      } finally {
        await db.destroy();
      }
      const store = await openStore(url);
      try {
        assert.equal(store.migrationsApplied[0], '0002-action-counts');
        const counted = await assertCountersMatch(store, 'old', 'after migrating');
        assert.equal(
          Object.values(counted).reduce((n, c) => n + Object.values(c).reduce((a, b) => a + b, 0), 0),
          60,
        );
      } finally {
        await store.close();
      }
    });
  });
}
