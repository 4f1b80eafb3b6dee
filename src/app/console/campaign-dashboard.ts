// The console dashboard beyond the status counts: progress over time (from the journal), each
// wave's progress with its forecast of helpdesk calls against the calls actually taken (helpdesk
// verifications of that wave's people), the accounts the last verification found not changed,
// throttling (directory answers DIRECTORY_THROTTLED recorded in the journal, and the retries they
// caused), and the helpdesk queue: people in started waves whose treatment goes through the
// helpdesk and who have not been verified yet.
// Cost: a few hundred rows of journal tallies (kept with every journal entry, migration 0007), the
// plan version's figures (stored when it is saved, migration 0008, plan-figures.ts: never the plan
// body) and one read of the helpdesk verifications (helpdesk-calls.ts) instead of passes over the
// journal and the plan body;
// `recount: true` computes everything from the journal, the plan body and the actions (the check,
// and the benchmark's baseline). The console shares the result between viewers
// (status-snapshot-cache.ts) like the status.
import { countActionsByWave } from '../../store/actions/count-actions.ts';
import { failedActionsByMinute } from '../../store/actions/failed-actions-by-minute.ts';
import { readJournalTallies, recountJournalTallies, type JournalTally } from '../../store/actions/journal-tallies.ts';
import type { Store } from '../../store/open-store.ts';
import {
  countCredentialsIssued,
  countRetriesDue,
  lastVerification,
  unverifiedManualTasks,
  unverifiedWaveActions,
} from '../../store/dashboard/dashboard-reads.ts';
import { listWaves } from '../../store/plans/list-waves.ts';
import { resolveCampaign } from '../campaign/resolve-campaign.ts';
import type { App } from '../create-app.ts';
import { helpdeskCalls, verifiedHelpdeskPeople } from '../../store/helpdesk/helpdesk-calls.ts';
import { currentPlanFigures } from '../../store/plans/current-plan-figures.ts';

export interface CampaignDashboard {
  campaignId: string;
  /**
   * cumulative applied actions, and the actions failed now by the time bucket they last failed in
   * (UTC minute prefix of ISO time): the failed of every point add up to the status's failed count
   */
  progress: Array<{ at: string; applied: number; failed: number }>;
  waves: Array<{
    number: number;
    name: string;
    startsAt: string;
    deadlineAt: string;
    actions: number;
    done: number;
    failed: number;
    expectedCalls: number | null;
    actualCalls: number;
  }>;
  missed: {
    verifiedAt: string;
    checked: number;
    changed: number;
    missed: number;
    accounts: Array<{ directory: string; identity: string; wave: number | null; state: string }>;
  } | null;
  throttling: {
    throttled: number;
    retries: number;
    waitingRetry: number;
    lastThrottledAt: string | null;
    byDirectory: Record<string, { throttled: number; retries: number }>;
  };
  helpdesk: {
    queueDepth: number;
    verifications: number;
    verified: number;
    credentialsIssued: number;
    expectedCalls: number;
    actualCalls: number;
  };
}

const maxPoints = 120;

export async function campaignDashboard(
  app: App,
  input: { campaignId: string; missedLimit?: number; recount?: boolean },
): Promise<CampaignDashboard> {
  const store = await app.store();
  const campaign = await resolveCampaign(store, input.campaignId);
  const id = campaign.id;
  const now = app.clock.now().toISOString();
  const { callsByWave, verified } = await helpdeskCalls(store, id);
  const plan = await currentPlanFigures(store, {
    campaignId: id,
    now,
    recount: input.recount ? { verified: await verifiedHelpdeskPeople(store, id) } : undefined,
  });
  const waveRows = plan ? await listWaves(store, plan.versionId) : [];
  const counts = await countActionsByWave(store, id);
  const tallies = input.recount ? await recountJournalTallies(store, id) : await readJournalTallies(store, id);
  const failedNow = await failedActionsByMinute(store, id);

  const planWaves = new Map((plan?.waves ?? []).map((w) => [w.number, w]));
  const waves = waveRows.map((w) => {
    const c = counts.get(Number(w.id));
    const actions = c ? Object.values(c).reduce((a, b) => a + b, 0) : 0;
    return {
      number: w.ordinal,
      name: w.name,
      startsAt: w.startsAt,
      deadlineAt: w.deadlineAt,
      actions,
      done: (c?.applied ?? 0) + (c?.verified ?? 0),
      failed: c?.failed ?? 0,
      expectedCalls: planWaves.get(w.ordinal)?.expectedCalls ?? null,
      actualCalls: callsByWave.get(Number(w.id)) ?? 0,
    };
  });

  const queueDepth = plan?.queueDepth ?? 0;
  const verifications = [...callsByWave.values()].reduce((a, b) => a + b, 0);
  return {
    campaignId: id,
    progress: progress(tallies, failedNow),
    waves,
    missed: await missed(store, id, input.missedLimit ?? 100, new Map(waveRows.map((w) => [Number(w.id), w.ordinal]))),
    throttling: await throttling(store, id, tallies),
    helpdesk: {
      queueDepth,
      verifications,
      verified,
      credentialsIssued: await countCredentialsIssued(store, id),
      expectedCalls: waves.reduce((n, w) => n + (w.expectedCalls ?? 0), 0),
      actualCalls: verifications,
    },
  };
}

function progress(
  tallies: readonly JournalTally[],
  failedNow: ReadonlyMap<string, number>,
): CampaignDashboard['progress'] {
  const perMinute = new Map<string, { applied: number; failed: number }>();
  for (const t of tallies) {
    if (t.applied === 0) continue;
    const entry = perMinute.get(t.minute) ?? { applied: 0, failed: 0 };
    entry.applied += t.applied;
    perMinute.set(t.minute, entry);
  }
  for (const [minute, n] of failedNow) {
    const entry = perMinute.get(minute) ?? { applied: 0, failed: 0 };
    entry.failed += n;
    perMinute.set(minute, entry);
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

/** `waveNumbers`: the current plan's wave ids to their numbers (the accounts name the wave by number) */
async function missed(
  store: Store,
  campaignId: string,
  limit: number,
  waveNumbers: ReadonlyMap<number, number>,
): Promise<CampaignDashboard['missed']> {
  const waveOf = (id: number | null) => (id === null ? null : (waveNumbers.get(Number(id)) ?? null));
  const last = await lastVerification(store, campaignId);
  if (!last) return null;
  const figures = JSON.parse(last.details) as { checked?: number; changed?: number; missed?: number };
  // Accounts of the waves whose start action is not verified: the verification did not see them changed.
  const rows = await unverifiedWaveActions(store, campaignId, limit);
  // Manual tasks the directory has not shown done (privileged resets, service account rotations).
  const tasks = await unverifiedManualTasks(store, campaignId, limit);
  return {
    verifiedAt: last.at,
    checked: figures.checked ?? 0,
    changed: figures.changed ?? 0,
    missed: figures.missed ?? 0,
    accounts: [
      ...rows.map((r) => ({
        directory: r.directory,
        identity: r.identityName,
        wave: waveOf(r.waveId),
        state: r.state,
      })),
      ...tasks.map((t) => ({
        directory: t.directory,
        identity: t.identityName,
        wave: waveOf(t.waveId),
        state: `task ${Number(t.id)} ${t.state}`,
      })),
    ].slice(0, limit),
  };
}

async function throttling(
  store: Store,
  campaignId: string,
  tallies: readonly JournalTally[],
): Promise<CampaignDashboard['throttling']> {
  const waiting = await countRetriesDue(store, campaignId);
  const byDirectory: CampaignDashboard['throttling']['byDirectory'] = {};
  let lastThrottledAt: string | null = null;
  for (const t of tallies) {
    if (t.failureEvents === 0) continue;
    const d = (byDirectory[t.directory] ??= { throttled: 0, retries: 0 });
    d.throttled += t.throttled;
    d.retries += t.retries;
    if (t.lastThrottledAt && (!lastThrottledAt || t.lastThrottledAt > lastThrottledAt))
      lastThrottledAt = t.lastThrottledAt;
  }
  const sum = (k: 'throttled' | 'retries') => Object.values(byDirectory).reduce((n, d) => n + d[k], 0);
  return {
    throttled: sum('throttled'),
    retries: sum('retries'),
    waitingRetry: waiting,
    lastThrottledAt,
    byDirectory,
  };
}
