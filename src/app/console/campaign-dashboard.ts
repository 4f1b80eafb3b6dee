// The console dashboard beyond the status counts: progress over time (from the journal), each
// wave's progress with its forecast of helpdesk calls against the calls actually taken (helpdesk
// verifications of that wave's people), the accounts the last verification found not changed,
// throttling (directory answers DIRECTORY_THROTTLED recorded in the journal, and the retries they
// caused), and the helpdesk queue: people in started waves whose treatment goes through the
// helpdesk and who have not been verified yet.
// Cost: one pass over the campaign's failure and outcome journal entries; the console shares the
// result between viewers (status-snapshot-cache.ts) like the status.
import { sql } from 'kysely';
import type { Plan } from '../../core/planning/plan.ts';
import { countActionsByWave } from '../../store/actions/count-actions.ts';
import type { Store } from '../../store/open-store.ts';
import { storeCall } from '../../store/store-error.ts';
import { currentPlan } from '../campaign/current-plan.ts';
import { resolveCampaign } from '../campaign/resolve-campaign.ts';
import type { App } from '../create-app.ts';

export interface CampaignDashboard {
  campaignId: string;
  /** cumulative applied and failures per time bucket (UTC minute prefix of ISO time) */
  progress: Array<{ at: string; applied: number; failed: number }>;
  waves: Array<{ number: number; name: string; startsAt: string; deadlineAt: string; actions: number; done: number; failed: number; expectedCalls: number | null; actualCalls: number }>;
  missed: { verifiedAt: string; checked: number; changed: number; missed: number; accounts: Array<{ directory: string; identity: string; wave: number | null; state: string }> } | null;
  throttling: { throttled: number; retries: number; waitingRetry: number; lastThrottledAt: string | null; byDirectory: Record<string, { throttled: number; retries: number }> };
  helpdesk: { queueDepth: number; verifications: number; verified: number; credentialsIssued: number; expectedCalls: number; actualCalls: number };
}

/** Treatments whose people regain access through the verified helpdesk path. */
const helpdeskTreatments: ReadonlySet<string> = new Set(['helpdeskReset']);
const maxPoints = 120;

export async function campaignDashboard(app: App, input: { campaignId: string; missedLimit?: number }): Promise<CampaignDashboard> {
  const store = await app.store();
  const campaign = await resolveCampaign(store, input.campaignId);
  const id = campaign.id;
  const current = await currentPlan(store, id).catch(() => null);
  const plan = current?.plan as Partial<Plan> | undefined;
  const counts = await countActionsByWave(store, id);
  const callsByWave = await actualCallsByWave(store, id);
  const verifiedKeys = await verifiedPeople(store, id);
  const now = app.clock.now().toISOString();

  const planWaves = new Map((plan?.waves ?? []).map((w) => [w.number, w]));
  const waves = (current?.waves ?? []).map((w) => {
    const c = counts.get(w.id);
    const actions = c ? Object.values(c).reduce((a, b) => a + b, 0) : 0;
    return {
      number: w.ordinal, name: w.name, startsAt: w.startsAt, deadlineAt: w.deadlineAt, actions,
      done: (c?.applied ?? 0) + (c?.verified ?? 0), failed: c?.failed ?? 0,
      expectedCalls: planWaves.get(w.ordinal)?.forecast?.expectedCalls ?? null, actualCalls: callsByWave.get(w.id) ?? 0,
    };
  });

  let queueDepth = 0;
  for (const wave of plan?.waves ?? []) {
    if (wave.startAt > now || !plan?.assignments) continue;
    for (const a of plan.assignments.slice(wave.firstAssignment, wave.firstAssignment + wave.size)) {
      if (helpdeskTreatments.has(a.treatment) && !verifiedKeys.has(`${a.directory}\n${a.key}`)) queueDepth += 1;
    }
  }
  const verifications = [...callsByWave.values()].reduce((a, b) => a + b, 0);
  return {
    campaignId: id,
    progress: await progress(store, id),
    waves,
    missed: await missed(store, id, input.missedLimit ?? 100),
    throttling: await throttling(store, id),
    helpdesk: {
      queueDepth, verifications, verified: verifiedKeys.size, credentialsIssued: await credentialsIssued(store, id),
      expectedCalls: waves.reduce((n, w) => n + (w.expectedCalls ?? 0), 0), actualCalls: verifications,
    },
  };
}

async function progress(store: Store, campaignId: string): Promise<CampaignDashboard['progress']> {
  const minute = sql<string>`substr(at, 1, 16)`;
  const rows = await storeCall('reading progress over time', () =>
    store.db.selectFrom('journalEvents').select((eb) => [minute.as('minute'), 'toState', eb.fn.countAll<number>().as('n')])
      .where('campaignId', '=', campaignId).where('toState', 'in', ['applied', 'failed'])
      .where((eb) => eb.or([eb('fromState', 'is', null), eb('fromState', '<>', eb.ref('toState'))]))
      .groupBy([minute, 'toState']).execute());
  const perMinute = new Map<string, { applied: number; failed: number }>();
  for (const r of rows) {
    const entry = perMinute.get(r.minute) ?? { applied: 0, failed: 0 };
    entry[r.toState as 'applied' | 'failed'] += Number(r.n);
    perMinute.set(r.minute, entry);
  }
  const minutes = [...perMinute.keys()].sort();
  // At most maxPoints points: consecutive minutes merged, each point stamped with its last minute.
  const per = Math.max(1, Math.ceil(minutes.length / maxPoints));
  const points: CampaignDashboard['progress'] = [];
  let applied = 0;
  for (let i = 0; i < minutes.length; i += per) {
    let failed = 0;
    for (const m of minutes.slice(i, i + per)) {
      applied += perMinute.get(m)!.applied;
      failed += perMinute.get(m)!.failed;
    }
    points.push({ at: `${minutes[Math.min(i + per, minutes.length) - 1]}Z`, applied, failed });
  }
  return points;
}

async function actualCallsByWave(store: Store, campaignId: string): Promise<Map<number | null, number>> {
  // A call belongs to the wave of the person's first action in the campaign (none: outside waves).
  const rows = await storeCall('counting helpdesk calls per wave', () =>
    sql<{ waveId: number | null; n: number }>`select (select a.wave_id from actions a where a.campaign_id = v.campaign_id and a.directory = v.directory
        and a.identity_key = v.identity_key order by a.id limit 1) as wave_id, count(*) as n
      from helpdesk_verifications v where v.campaign_id = ${campaignId} group by 1`.execute(store.db));
  return new Map(rows.rows.map((r) => [r.waveId === null ? null : Number(r.waveId), Number(r.n)]));
}

async function verifiedPeople(store: Store, campaignId: string): Promise<Set<string>> {
  const rows = await storeCall('reading verified people', () =>
    store.db.selectFrom('helpdeskVerifications').select(['directory', 'identityKey']).distinct().where('campaignId', '=', campaignId).where('outcome', '=', 'verified').execute());
  return new Set(rows.map((r) => `${r.directory}\n${r.identityKey}`));
}

async function credentialsIssued(store: Store, campaignId: string): Promise<number> {
  const row = await storeCall('counting credentials issued', () =>
    store.db.selectFrom('auditLog').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'helpdesk.credential.issued')
      .where('details', 'like', `%"campaignId":${JSON.stringify(campaignId)}%`).executeTakeFirst());
  return Number(row?.n ?? 0);
}

async function missed(store: Store, campaignId: string, limit: number): Promise<CampaignDashboard['missed']> {
  const last = await storeCall('reading the last verification', () =>
    store.db.selectFrom('auditLog').select(['at', 'details']).where('action', '=', 'verify').where('target', '=', `campaign:${campaignId}`).orderBy('seq', 'desc').limit(1).executeTakeFirst());
  if (!last) return null;
  const figures = JSON.parse(last.details) as { checked?: number; changed?: number; missed?: number };
  // Accounts of the waves whose start action is not verified: the verification did not see them changed.
  const rows = await storeCall('listing missed accounts', () =>
    store.db.selectFrom('actions').select(['directory', 'identityName', 'waveId', 'state']).where('campaignId', '=', campaignId).where('waveId', 'is not', null)
      .where('state', 'in', ['planned', 'claimed', 'applied', 'failed']).where('idempotencyKey', 'not like', `${campaignId}/deadline/%`).where('idempotencyKey', 'not like', `${campaignId}/reenable/%`)
      .orderBy('id').limit(limit).execute());
  return {
    verifiedAt: last.at, checked: figures.checked ?? 0, changed: figures.changed ?? 0, missed: figures.missed ?? 0,
    accounts: rows.map((r) => ({ directory: r.directory, identity: r.identityName, wave: r.waveId === null ? null : Number(r.waveId), state: r.state })),
  };
}

async function throttling(store: Store, campaignId: string): Promise<CampaignDashboard['throttling']> {
  const throttledEvent = sql<boolean>`j.to_state = 'failed' and j.details like '%"errorCode":"DIRECTORY_THROTTLED"%'`;
  const rows = await storeCall('reading throttling from the journal', () =>
    sql<{ directory: string; throttled: number; retries: number; lastAt: string | null }>`select a.directory as directory,
        sum(case when ${throttledEvent} then 1 else 0 end) as throttled,
        sum(case when j.from_state = 'failed' and j.to_state = 'claimed' then 1 else 0 end) as retries,
        max(case when ${throttledEvent} then j.at end) as last_at
      from journal_events j inner join actions a on a.id = j.action_id
      where j.campaign_id = ${campaignId} and (j.to_state = 'failed' or j.from_state = 'failed')
      group by a.directory`.execute(store.db));
  const waiting = await storeCall('counting retries due', () =>
    store.db.selectFrom('actions').select((eb) => eb.fn.countAll<number>().as('n')).where('campaignId', '=', campaignId).where('state', '=', sql.lit('failed')).where('failureRetryable', '=', 1).executeTakeFirst());
  const byDirectory: CampaignDashboard['throttling']['byDirectory'] = {};
  let lastThrottledAt: string | null = null;
  for (const r of rows.rows) {
    byDirectory[r.directory] = { throttled: Number(r.throttled), retries: Number(r.retries) };
    if (r.lastAt && (!lastThrottledAt || r.lastAt > lastThrottledAt)) lastThrottledAt = r.lastAt;
  }
  const sum = (k: 'throttled' | 'retries') => Object.values(byDirectory).reduce((n, d) => n + d[k], 0);
  return { throttled: sum('throttled'), retries: sum('retries'), waitingRetry: Number(waiting?.n ?? 0), lastThrottledAt, byDirectory };
}
