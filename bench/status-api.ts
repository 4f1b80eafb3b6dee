// `npm run bench -- status-api`: the console's status API with a million identities and a million
// actions in a SQLite store. p95 of GET /api/campaigns/:id/status over real HTTP on loopback
// (signed in, through the whole Fastify pipeline, with the console's shared status snapshot; the
// counts come from the per-(campaign, wave, state) counters of migration 0002), against a named
// baseline run side by side: "group-by", the same counts recomputed from the actions table on
// every call, as the status did before the counters. Target: p95 < 100 ms.
import { rmSync } from 'node:fs';
import { sql } from 'kysely';
import { campaignStatus } from '../src/app/campaign/campaign-status.ts';
import { rebuildActionCounts, recountActionsByWave } from '../src/store/actions/recount-actions.ts';
import { createCampaign } from '../src/store/campaigns/create-campaign.ts';
import { finishSnapshot } from '../src/store/identities/finish-snapshot.ts';
import { startSnapshot } from '../src/store/identities/start-snapshot.ts';
import { insertWaves } from '../src/store/plans/insert-waves.ts';
import { savePlanVersion } from '../src/store/plans/save-plan-version.ts';
import { benchApp, ms, p95, pollTimed, signedInConsole } from './support/console-bench.ts';

const count = Number(process.env.STATUS_API_COUNT ?? 1_000_000);
const requests = Number(process.env.STATUS_API_REQUESTS ?? 200);
const directRuns = Number(process.env.STATUS_API_DIRECT_RUNS ?? 10);
const log = (text: string) => process.stderr.write(`${text}\n`);
const { app, dir } = benchApp('status-api');

try {
  const store = await app.store();
  const now = new Date();
  let start = process.hrtime.bigint();
  const campaign = await createCampaign(store, { name: 'bench', now });
  const snapshotId = await startSnapshot(store, { directory: 'corp', campaignId: campaign.id, now });
  // Bulk load through one recursive-CTE statement per table (the store's own insert paths are
  // measured by test/store/measure-store-scale.ts; here only the read side matters).
  await sql`with recursive n(i) as (select 0 union all select i + 1 from n where i < ${count - 1})
    insert into identities (snapshot_id, directory, key, name, dn, kind, account_type, enabled, privileged, department, site, linked_key, data)
    select ${snapshotId}, 'corp', 'k-' || i, 'user' || i, null, 'entra', 'user', 1, case when i % 1000 = 0 then 1 else 0 end, 'Dept ' || (i % 250), null, null, '{}' from n`.execute(
    store.db,
  );
  await finishSnapshot(store, { snapshotId, now });
  const version = await savePlanVersion(store, {
    planId: 'bench-plan',
    campaignId: campaign.id,
    name: 'bench',
    body: { waves: [] },
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
  const iso = now.toISOString();
  await sql`with recursive n(i) as (select 0 union all select i + 1 from n where i < ${count - 1})
    insert into actions (campaign_id, wave_id, directory, identity_key, identity_name, kind, params, state, failure_retryable, next_attempt_at, idempotency_key, created_at, updated_at, last_error_code)
    select ${campaign.id}, case i % 10 ${sql.raw(waveIds.map((id, w) => `when ${w} then ${id}`).join(' '))} end, 'corp', 'k-' || i, 'user' || i, 'requireChange', '{}',
      case when i % 20 < 6 then 'applied' when i % 20 < 8 then 'verified' when i % 20 = 8 then 'failed' else 'planned' end,
      case when i % 20 = 8 then 0 else null end, ${iso}, ${campaign.id} || '/' || i, ${iso}, ${iso},
      case when i % 20 = 8 then 'INSUFFICIENT_RIGHTS' else null end from n`.execute(store.db);
  // The bulk load bypassed the store's writers, which keep the counters: count once.
  await rebuildActionCounts(store, campaign.id);
  await sql`analyze`.execute(store.db);
  log(`loaded ${count} identities and ${count} actions in ${(ms(start) / 1000).toFixed(1)} s`);

  const { server, base, headers } = await signedInConsole(app);

  const url = `${base}/api/campaigns/${campaign.id}/status`;
  // Baseline "group-by": the counts by wave and state recomputed from the actions table on every
  // call, no HTTP (what each status refresh cost before the counters). Also timed: the status use
  // case itself per call, no HTTP, no snapshot ("direct").
  const groupBy: number[] = [];
  const direct: number[] = [];
  for (let i = 0; i < directRuns; i++) {
    start = process.hrtime.bigint();
    await recountActionsByWave(store, campaign.id);
    groupBy.push(ms(start));
    start = process.hrtime.bigint();
    await campaignStatus(app, { campaignId: campaign.id, failuresLimit: 50 });
    direct.push(ms(start));
  }
  const first = await fetch(url, { headers });
  const body = (await first.json()) as {
    totals: { planned: number; applied: number; verified: number; failed: number };
  };
  const total = body.totals.planned + body.totals.applied + body.totals.verified + body.totals.failed;
  if (first.status !== 200 || total !== count)
    throw new Error(`status API answered ${first.status} with ${total} actions, expected ${count}`);
  const { times: http, wallMs } = await pollTimed(url, headers, requests);
  await server.close();
  const value = p95(http);
  const baseline = p95(groupBy);
  const sorted = [...http].sort((a, b) => a - b);
  log(
    `GET status over HTTP (shared 2 s snapshot): p50 ${sorted[Math.floor(requests / 2)]!.toFixed(1)} ms, p95 ${value.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms over ${(wallMs / 1000).toFixed(1)} s`,
  );
  log(`baseline group-by recount per call (no HTTP): p95 ${baseline.toFixed(1)} ms over ${directRuns} runs`);
  log(
    `direct status use case per call (counters, no cache, no HTTP): p95 ${p95(direct).toFixed(1)} ms over ${directRuns} runs`,
  );
  console.log(
    JSON.stringify({
      bench: 'status-api',
      metric: `p95 GET /api/campaigns/:id/status, ${count} identities + ${count} actions, sqlite (ms)`,
      value: Number(value.toFixed(1)),
      baseline: Number(baseline.toFixed(1)),
      baselineName: 'group-by: counts by wave and state recomputed from the actions table per call, no HTTP',
      ratio: Number((value / baseline).toFixed(3)),
      target: '< 100 ms',
      ok: value < 100,
      extra: {
        p50: sorted[Math.floor(requests / 2)],
        max: sorted.at(-1),
        directP95: Number(p95(direct).toFixed(1)),
        requests,
        directRuns,
      },
    }),
  );
} finally {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}
