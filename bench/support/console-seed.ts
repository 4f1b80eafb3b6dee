// The console benchmarks' store: a campaign six hours in, at the size of a large enterprise.
// `count` identities (70% AD, 30% Entra) in a snapshot; a plan version with `count` assignments in
// ten waves (one person in ten treated through the helpdesk), waves 1-6 started one an hour; one
// action per person: 0-10 of every 20 applied (0 after one throttled attempt and a retry), 11-12
// verified, 13 refused for good, 14 throttled and waiting for its retry, 15-19 planned; their journal
// (about 2.5 entries per action); helpdesk verifications of the helpdesk people of the started waves
// (at most 20,000), each followed by a credential (two audit entries), and a verification run.
// Loaded with one statement per table (recursive CTEs) and the store's own writers for the plan,
// then the counters and tallies are rebuilt once, as after any bulk load that bypassed the writers.
import { sql } from 'kysely';
import { rebuildJournalTallies } from '../../src/store/actions/journal-tallies.ts';
import { rebuildActionCounts } from '../../src/store/actions/recount-actions.ts';
import { createCampaign } from '../../src/store/campaigns/create-campaign.ts';
import { finishSnapshot } from '../../src/store/identities/finish-snapshot.ts';
import { startSnapshot } from '../../src/store/identities/start-snapshot.ts';
import type { Store } from '../../src/store/open-store.ts';
import { insertWaves } from '../../src/store/plans/insert-waves.ts';
import { savePlanVersion } from '../../src/store/plans/save-plan-version.ts';

export interface ConsoleSeed {
  campaignId: string;
  journalEntries: number;
  verifications: number;
}

export async function seedConsoleStore(store: Store, count: number): Promise<ConsoleSeed> {
  const verifications = Math.min(20_000, Math.floor(count / 50));
  // Six hours into the campaign: its writes spread over the last 360 minutes.
  const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const t0 = new Date(now.getTime() - 6 * 3_600_000);
  const hour = (h: number) => new Date(t0.getTime() + h * 3_600_000).toISOString();
  const campaign = await createCampaign(store, { name: 'bench', now: t0 });
  const snapshotId = await startSnapshot(store, { directory: 'corp', campaignId: campaign.id, now: t0 });
  await sql`with recursive n(i) as (select 0 union all select i + 1 from n where i < ${count - 1})
    insert into identities (snapshot_id, directory, key, name, dn, kind, account_type, enabled, privileged,
department, site, linked_key, data)
    select ${snapshotId}, case when i % 10 < 7 then 'corp-ad' else 'corp-entra' end, 'k-' || i, 'user' || i, null,
'entra', 'user', 1, 0, 'Dept ' || (i % 250), null, null, '{}' from n`.execute(store.db);
  await finishSnapshot(store, { snapshotId, now: t0 });

  // The plan: ten waves of count/10 contiguous assignments; waves 1-6 started (one an hour).
  const waveSize = count / 10;
  const assignments = Array.from({ length: count }, (_, i) => ({
    directory: i % 10 < 7 ? 'corp-ad' : 'corp-entra',
    key: `k-${i}`,
    name: `user${i}`,
    dn: i % 10 < 7 ? `CN=user${i},OU=Dept ${i % 250},DC=corp,DC=example` : null,
    kind: i % 10 < 7 ? 'ad' : 'entra',
    segment: 'standard',
    treatment: i % 10 === 3 ? 'helpdeskReset' : 'requireChange',
    ruleId: 'r1',
    rule: 'standard users',
    linked: null,
    ssprRegistered: i % 3 === 0,
    mfaRegistered: i % 2 === 0,
    group: `Dept ${i % 250}`,
    owner: null,
    compromised: false,
    wave: Math.floor(i / waveSize) + 1,
  }));
  const planWaves = Array.from({ length: 10 }, (_, w) => ({
    number: w + 1,
    label: `Wave ${w + 1}`,
    firstAssignment: w * waveSize,
    size: waveSize,
    startAt: hour(w),
    deadlineAt: hour(w + 72),
    forecast: { expectedCalls: Math.round(waveSize * 0.03) },
  }));
  const version = await savePlanVersion(store, {
    planId: 'bench-plan',
    campaignId: campaign.id,
    name: 'bench',
    body: { format: 'reclaim-plan/1', waves: planWaves, assignments },
    createdBy: 'alice',
    now: t0,
  });
  assignments.length = 0;
  const waveIds = await insertWaves(
    store,
    version.versionId,
    planWaves.map((w) => ({
      ordinal: w.number,
      name: w.label,
      startsAt: new Date(w.startAt),
      deadlineAt: new Date(w.deadlineAt),
      size: w.size,
    })),
  );

  // Actions in plan order: classes by i % 20 (0-10 applied, 0 of them after one throttled
  // attempt and a retry, 11-12 verified, 13 refused for good, 14 throttled and waiting, 15-19
  // planned). Action i's first claim is at t0 + i * 6 h / count.
  const cls = sql`(a.id - 1) % 20`;
  const base = sql`(${t0.getTime() / 1000} + (a.id - 1) * ${(6 * 3600) / count})`;
  await sql`with recursive n(i) as (select 0 union all select i + 1 from n where i < ${count - 1})
    insert into actions (id, campaign_id, wave_id, directory, identity_key, identity_name, kind, params, state,
failure_retryable, attempts, next_attempt_at, idempotency_key, created_at, updated_at, last_error_code, journal_seq)
    select i + 1, ${campaign.id}, case i / ${sql.lit(waveSize)} ${sql.raw(waveIds.map((id, w) => `when ${w} then ${id}`).join(' '))} end,
      case when i % 10 < 7 then 'corp-ad' else 'corp-entra' end, 'k-' || i, 'user' || i, 'requireChange', '{}',
      case when i % 20 <= 10 then 'applied' when i % 20 <= 12 then 'verified' when i % 20 <= 14 then 'failed' else 'planned' end,
      case when i % 20 = 13 then 0 when i % 20 = 14 then 1 else null end, case when i % 20 >= 15 then 0 when i % 20 = 0 then 2 else 1 end,
      case when i % 20 = 14 then ${now.toISOString()} else null end, ${campaign.id} || '/' || i, ${t0.toISOString()}, ${t0.toISOString()},
      case when i % 20 = 13 then 'INSUFFICIENT_RIGHTS' when i % 20 = 14 then 'DIRECTORY_THROTTLED' else null end,
      case when i % 20 >= 15 then 0 when i % 20 = 0 then 6 when i % 20 <= 12 and i % 20 >= 11 then 4 else 3 end from n`.execute(
    store.db,
  );
  await rebuildActionCounts(store, campaign.id);
  // The journal: event k of an action, when its class has one.
  const at = (offsetSeconds: string) =>
    sql`strftime('%Y-%m-%dT%H:%M:%fZ', ${base} + ${sql.raw(offsetSeconds)}, 'unixepoch')`;
  await sql`with s(k) as (values (1), (2), (3), (4), (5), (6))
    insert into journal_events (action_id, campaign_id, seq, at, from_state, to_state, event, owner, details)
    select a.id, a.campaign_id, s.k,
      case when s.k <= 3 then ${at('s.k * 0.1')} else ${at('60 + s.k * 0.1')} end,
      case s.k when 1 then 'planned' when 2 then 'claimed' when 3 then 'claimed' when 4 then (case when ${cls} = 0
then 'failed' else 'applied' end) else 'claimed' end,
      case s.k when 1 then 'claimed' when 2 then 'claimed'
        when 3 then (case when ${cls} = 0 or ${cls} >= 13 then 'failed' else 'applied' end)
        when 4 then (case when ${cls} = 0 then 'claimed' else 'verified' end) when 5 then 'claimed' else 'applied' end,
      case s.k when 1 then 'claim' when 2 then 'apply-start' when 3 then (case when ${cls} = 0 or ${cls} >= 13 then 'apply-failed' else 'apply-ok' end)
        when 4 then (case when ${cls} = 0 then 'claim' else 'verify' end) when 5 then 'apply-start' else 'apply-ok' end,
      case when s.k = 4 and ${cls} > 4 then null else 'worker-' || (a.id % 4) end,
      case when s.k = 3 and (${cls} = 0 or ${cls} = 14) then '{"errorCode":"DIRECTORY_THROTTLED","retryable":true}'
        when s.k = 3 and ${cls} = 13 then '{"errorCode":"INSUFFICIENT_RIGHTS","retryable":false}' else '{}' end
    from actions a, s where a.campaign_id = ${campaign.id} and a.journal_seq >= s.k`.execute(store.db);
  // The bulk load bypassed the store's writers, which keep the tallies: tally once.
  await rebuildJournalTallies(store, campaign.id);
  // Helpdesk: verifications of the helpdesk-treated people of the started waves, each followed
  // by a credential (start and issued audit entries); a verification run's audit entry.
  const helpdeskPeople = Array.from({ length: verifications }, (_, j) => 10 * j + 3);
  const audit: Array<Record<string, unknown>> = [];
  for (let j = 0; j < helpdeskPeople.length; j += 1000) {
    const slice = helpdeskPeople.slice(j, j + 1000);
    await store.db
      .insertInto('helpdeskVerifications')
      .values(
        slice.map((i) => ({
          campaignId: campaign.id,
          directory: i % 10 < 7 ? 'corp-ad' : 'corp-entra',
          identityKey: `k-${i}`,
          method: 'video' as const,
          evidence: 'video call, badge shown and matched',
          verifiedBy: 'helpdesk-1',
          verifiedAt: new Date(t0.getTime() + 3_600_000 + i * 10).toISOString(),
          outcome: i % 97 === 0 ? ('inconclusive' as const) : ('verified' as const),
        })),
      )
      .execute();
  }
  let seq = 0;
  for (const i of helpdeskPeople) {
    for (const action of ['helpdesk.credential.start', 'helpdesk.credential.issued']) {
      audit.push({
        seq: ++seq,
        at: new Date(t0.getTime() + 3_600_000 + i * 10).toISOString(),
        actor: 'helpdesk-1',
        action,
        target: `corp-ad:k-${i}`,
        details: JSON.stringify({ campaignId: campaign.id, kind: 'tap', name: `user${i}`, verificationId: seq }),
        source: 'console',
        ip: '127.0.0.1',
        prevHash: 'bench',
        hash: 'bench',
      });
    }
  }
  audit.push({
    seq: ++seq,
    at: now.toISOString(),
    actor: 'alice',
    action: 'verify',
    target: `campaign:${campaign.id}`,
    details: JSON.stringify({ checked: count, changed: count * 0.7, missed: count * 0.3 }),
    source: 'cli',
    ip: null,
    prevHash: 'bench',
    hash: 'bench',
  });
  for (let j = 0; j < audit.length; j += 1000)
    await store.db
      .insertInto('auditLog')
      .values(audit.slice(j, j + 1000) as never)
      .execute();
  await sql`analyze`.execute(store.db);
  const journal = await store.db
    .selectFrom('journalEvents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { campaignId: campaign.id, journalEntries: Number(journal.n), verifications };
}
