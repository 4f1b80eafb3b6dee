// Not a test: measures the store at campaign scale (identities and actions by the million).
//   node --import tsx test/store/measure-store-scale.ts [--url sqlite:/tmp/x.sqlite | postgres://...] [--count 1000000] [--skip-identities]
// Stores N identities (pages of 1000), streams them back, stores N actions over 10 waves, then
// times the status view's counts (median of 5) against a baseline: the same count with the
// indexes disabled (SQLite NOT INDEXED; PostgreSQL with index scans turned off). Prints, last,
// one JSON line in the benchmark format.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Identity } from '../../src/core/identity.ts';
import { claimActions } from '../../src/store/actions/claim-actions.ts';
import { countActions, countActionsByWave } from '../../src/store/actions/count-actions.ts';
import { rebuildActionCounts } from '../../src/store/actions/recount-actions.ts';
import { insertActions, type NewAction } from '../../src/store/actions/insert-actions.ts';
import { createCampaign } from '../../src/store/campaigns/create-campaign.ts';
import { finishSnapshot } from '../../src/store/identities/finish-snapshot.ts';
import { insertIdentities } from '../../src/store/identities/insert-identities.ts';
import { startSnapshot } from '../../src/store/identities/start-snapshot.ts';
import { streamIdentities } from '../../src/store/identities/stream-identities.ts';
import { openStore } from '../../src/store/open-store.ts';
import { insertWaves } from '../../src/store/plans/insert-waves.ts';
import { savePlanVersion } from '../../src/store/plans/save-plan-version.ts';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const count = Number(arg('--count') ?? 1_000_000);
const tempDir = arg('--url') ? undefined : mkdtempSync(join(tmpdir(), 'reclaim-scale-'));
const url = arg('--url') ?? `sqlite:${join(tempDir!, 'scale.sqlite')}`;
const now = new Date('2026-03-02T08:00:00.000Z');
const log = (text: string) => process.stderr.write(`${text}\n`);
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

function identity(i: number): Identity {
  return {
    directory: 'corp-ad',
    kind: 'ad',
    key: `guid-${String(i).padStart(8, '0')}`,
    name: `user${i}`,
    dn: `CN=user${i},OU=Staff,DC=corp,DC=example`,
    department: `Department ${i % 250}`,
    site: `Site ${i % 12}`,
    accountType: 'user',
    enabled: i % 10 !== 0,
    passwordNeverExpires: false,
    smartcardRequired: false,
    cannotChangePassword: false,
    passwordLastSetAt: '2025-12-01T10:00:00.000Z',
    mustChangePassword: false,
    memberOf: ['CN=Staff,DC=corp,DC=example'],
    servicePrincipalNames: [],
    privileged: i % 1000 === 0 ? [{ source: 'RID 512', name: 'Domain Admins' }] : [],
    attributes: {},
  };
}

async function median(fn: () => Promise<unknown>, runs = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(ms(start));
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const store = await openStore(url);
try {
  log(
    `store ${store.url} (${store.dialect}), ${process.argv.includes('--skip-identities') ? 0 : count} identities and ${count} actions`,
  );
  const identityCount = process.argv.includes('--skip-identities') ? 0 : count;
  let start = process.hrtime.bigint();
  const snapshotId = await startSnapshot(store, { directory: 'corp-ad', now });
  for (let i = 0; i < identityCount; i += 1000) {
    await insertIdentities(
      store,
      snapshotId,
      Array.from({ length: Math.min(1000, identityCount - i) }, (_, j) => identity(i + j)),
    );
  }
  await finishSnapshot(store, { snapshotId, now });
  const identitiesMs = ms(start);
  log(`identities stored: ${identitiesMs.toFixed(0)} ms (${Math.round(count / (identitiesMs / 1000))}/s)`);

  start = process.hrtime.bigint();
  let streamed = 0;
  let peakRss = 0;
  for await (const page of streamIdentities(store, { snapshotId, pageSize: 1000 })) {
    streamed += page.length;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const streamMs = ms(start);
  log(`identities streamed: ${streamed} in ${streamMs.toFixed(0)} ms, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`);

  const campaign = await createCampaign(store, { name: 'scale', now });
  const version = await savePlanVersion(store, {
    planId: 'scale-plan',
    campaignId: campaign.id,
    name: 'scale',
    body: { count },
    createdBy: 'alice',
    now,
  });
  const waveIds = await insertWaves(
    store,
    version.versionId,
    Array.from({ length: 10 }, (_, w) => ({
      ordinal: w + 1,
      name: `Wave ${w + 1}`,
      startsAt: now,
      deadlineAt: now,
      size: count / 10,
    })),
  );
  start = process.hrtime.bigint();
  for (let i = 0; i < count; i += 5000) {
    const page: NewAction[] = [];
    for (let j = i; j < Math.min(count, i + 5000); j += 1) {
      page.push({
        campaignId: campaign.id,
        waveId: waveIds[j % 10]!,
        directory: 'corp-ad',
        identityKey: `guid-${j}`,
        identityName: `user${j}`,
        kind: 'requireChange',
        idempotencyKey: `${campaign.id}/${j}`,
      });
    }
    await insertActions(store, page, now);
  }
  const actionsMs = ms(start);
  log(`actions stored: ${actionsMs.toFixed(0)} ms (${Math.round(count / (actionsMs / 1000))}/s)`);
  // A campaign in progress: 30 % applied, 10 % verified, 5 % failed, the rest planned.
  await sql`update actions set state = case when id % 20 < 6 then 'applied' when id % 20 < 8 then 'verified' when id % 20 = 8 then 'failed' else 'planned' end,
            failure_retryable = case when id % 20 = 8 then 0 else null end`.execute(store.db);
  // That update bypassed the store's writers, which keep the counters: count once.
  await rebuildActionCounts(store, campaign.id);
  if (store.dialect === 'sqlite') await sql`analyze`.execute(store.db);
  else await sql`vacuum analyze actions`.execute(store.db);

  const counts = await countActions(store, { campaignId: campaign.id });
  log(`counts: ${JSON.stringify(counts)}`);
  const countMs = await median(() => countActions(store, { campaignId: campaign.id }));
  const waveCountMs = await median(() => countActions(store, { campaignId: campaign.id, waveId: waveIds[3]! }));
  const byWaveMs = await median(() => countActionsByWave(store, campaign.id));
  const baselineMs = await median(() =>
    store.dialect === 'sqlite'
      ? sql`select state, count(*) from actions not indexed where campaign_id = ${campaign.id} group by state`.execute(
          store.db,
        )
      : store.db.transaction().execute(async (trx) => {
          await sql`set local enable_indexscan = off; set local enable_indexonlyscan = off; set local enable_bitmapscan = off`.execute(
            trx,
          );
          return sql`select state, count(*) from actions where campaign_id = ${campaign.id} group by state`.execute(
            trx,
          );
        }),
  );
  let owner = 0;
  const claimMs = await median(() =>
    claimActions(store, { campaignId: campaign.id, owner: `w${(owner += 1)}`, limit: 100, leaseMs: 60_000, now }),
  );
  log(
    `count by state (campaign): ${countMs.toFixed(1)} ms; one wave: ${waveCountMs.toFixed(1)} ms; by wave: ${byWaveMs.toFixed(1)} ms`,
  );
  log(`baseline (no index): ${baselineMs.toFixed(1)} ms; claim 100: ${claimMs.toFixed(1)} ms`);
  const target = 500;
  console.log(
    JSON.stringify({
      bench: 'store-scale',
      metric: `count actions by state, ${count} actions, ${store.dialect} (ms)`,
      value: Number(countMs.toFixed(1)),
      baseline: Number(baselineMs.toFixed(1)),
      ratio: Number((countMs / baselineMs).toFixed(3)),
      target: `< ${target} ms`,
      ok: countMs < target,
      extra: {
        identitiesInsertMs: Math.round(identitiesMs),
        identitiesStreamMs: Math.round(streamMs),
        peakRssMiB: Math.round(peakRss / 2 ** 20),
        actionsInsertMs: Math.round(actionsMs),
        waveCountMs,
        byWaveMs,
        claim100Ms: claimMs,
      },
    }),
  );
} finally {
  await store.close();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
}
