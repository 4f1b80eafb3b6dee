// `reclaim run` and `reclaim worker`: checks the guardrails up front (an approved plan, the kill
// switch, an open campaign), turns the chosen waves into actions, and runs the engine until every
// action has an outcome (run) or until stopped (worker). The engine checks the guardrails again at
// apply time.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { ActionPasswords, passwordKeyFingerprint } from '../../engine/action-passwords.ts';
import type { EngineEvent } from '../../engine/engine-event.ts';
import { defaultRetryPolicy } from '../../engine/retry-delay.ts';
import { runActions, type DirectoryLimits, type RunSummary } from '../../engine/run-actions.ts';
import { countActions, type StateCounts } from '../../store/actions/count-actions.ts';
import { appendAudit } from '../../store/audit/append-audit.ts';
import { readKillSwitch } from '../../store/campaigns/kill-switch.ts';
import { bindPasswordKeyFingerprint } from '../../store/campaigns/password-key-fingerprint.ts';
import type { Store } from '../../store/open-store.ts';
import { setCampaignStatus } from '../../store/campaigns/set-campaign-status.ts';
import type { App } from '../create-app.ts';
import { campaignGuard } from './campaign-guard.ts';
import { currentPlanHeader, type CurrentPlanHeader } from './current-plan.ts';
import { insertHybridFallbacks, supersedeStuckForceChanges } from './hybrid-fallback.ts';
import { materializeWaves } from './materialize-waves.ts';
import { resolveCampaign } from './resolve-campaign.ts';
import { waveSchedule, type WaveSchedule } from './wave-schedule.ts';

export interface RunCampaignInput {
  campaignId?: string;
  /** wave numbers to start; default: every wave whose start time has come */
  waves?: number[];
  allWaves?: boolean;
  /** a worker only executes actions that exist; it plans nothing and keeps polling */
  worker?: boolean;
  signal?: AbortSignal;
  force?: AbortSignal;
  onEvent?: (event: EngineEvent) => void;
  /** called once the actions exist, with their total (for progress bars) */
  onStart?: (info: { campaignId: string; total: StateCounts }) => void;
}

export interface RunCampaignResult {
  campaignId: string;
  versionId: string;
  waves: number[];
  owner: string;
  summary: RunSummary;
  counts: StateCounts;
  /** manual tasks (privileged resets, service account rotations) opened by this run */
  tasksOpened: number;
  /** every wave of the plan: started, due, or when it starts */
  schedule: WaveSchedule;
}

export async function runCampaign(app: App, input: RunCampaignInput): Promise<RunCampaignResult> {
  const store = await app.store();
  const campaign = await resolveCampaign(store, input.campaignId);
  if (campaign.status === 'aborted' || campaign.status === 'completed')
    throw new ReclaimError('STORE_CONFLICT', `Campaign ${campaign.id} is ${campaign.status}`);
  // the plan without its assignments: materializeWaves reads those a page at a time
  const current = await currentPlanHeader(store, campaign.id);
  // SAFETY: refuse before anything is planned or claimed; the engine checks again per action.
  if (current.approvers.length === 0) {
    throw new ReclaimError(
      'PLAN_NOT_APPROVED',
      `Plan version ${current.versionId.slice(0, 12)} of campaign ${campaign.id} has no approval from a second operator`,
      {
        details: [
          `another operator approves it with their own account: reclaim approve --login <account> (the author, ${current.createdBy}, cannot)`,
        ],
      },
    );
  }
  if ((await readKillSwitch(store, campaign.id)).engaged)
    throw new ReclaimError(
      'KILL_SWITCH_ENGAGED',
      `Campaign ${campaign.id} is paused: \`reclaim resume\` releases the kill switch`,
    );
  const now = app.clock.now();
  const waves = input.worker
    ? []
    : input.allWaves
      ? current.plan.waves.map((w) => w.number)
      : (input.waves ?? current.plan.waves.filter((w) => Date.parse(w.startAt) <= now.getTime()).map((w) => w.number));
  const unknown = waves.filter((n) => !current.plan.waves.some((w) => w.number === n));
  if (unknown.length > 0)
    throw new ReclaimError(
      'USAGE_INVALID',
      `The plan has no wave ${unknown.join(', ')} (it has ${current.plan.waves.length})`,
    );
  if (campaign.status === 'draft') await setCampaignStatus(store, { campaignId: campaign.id, status: 'active', now });
  const tasksOpened =
    waves.length > 0
      ? (
          await materializeWaves(store, campaign.id, current, waves, now, {
            actor: app.operator,
            serviceInventory: app.config.segments.serviceAccountInventory,
          })
        ).tasksOpened
      : 0;

  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  await appendAudit(store, {
    actor: app.operator,
    action: input.worker ? 'worker.start' : 'run.start',
    target: `campaign:${campaign.id}`,
    source: 'cli',
    now,
    details: { waves, owner, planVersion: current.versionId },
  });
  input.onStart?.({ campaignId: campaign.id, total: await countActions(store, { campaignId: campaign.id }) });

  let summary: RunSummary;
  try {
    summary = await executeDueActions(app, campaign.id, { owner, untilDone: !input.worker, ...pick(input) });
    if (!input.worker && summary.stoppedBy === 'done')
      summary = await runHybridFallbacks(app, campaign.id, current, owner, summary, input);
  } catch (error) {
    // every run.start has its run.stop, even when the run could not go on
    await appendAudit(store, {
      actor: app.operator,
      action: input.worker ? 'worker.stop' : 'run.stop',
      target: `campaign:${campaign.id}`,
      source: 'cli',
      now: app.clock.now(),
      details: { owner, error: error instanceof ReclaimError ? error.code : 'UNEXPECTED' },
    }).catch(() => undefined);
    throw error;
  }
  const counts = await countActions(store, { campaignId: campaign.id });
  await appendAudit(store, {
    actor: app.operator,
    action: input.worker ? 'worker.stop' : 'run.stop',
    target: `campaign:${campaign.id}`,
    source: 'cli',
    now: app.clock.now(),
    details: { owner, ...summary },
  });
  const schedule = await waveSchedule(store, campaign.id, current, app.clock.now());
  return {
    campaignId: campaign.id,
    versionId: current.versionId,
    waves,
    owner,
    summary,
    counts,
    tasksOpened,
    schedule,
  };
}

export interface ExecuteOptions {
  owner?: string;
  untilDone: boolean;
  signal?: AbortSignal;
  force?: AbortSignal;
  onEvent?: (event: EngineEvent) => void;
}

/** The plan's promise for hybridForceChange: a force change that did not stick becomes an AD reset. */
async function runHybridFallbacks(
  app: App,
  campaignId: string,
  current: CurrentPlanHeader,
  owner: string,
  summary: RunSummary,
  input: RunCampaignInput,
): Promise<RunSummary> {
  const store = await app.store();
  const { owed, inserted } = await insertHybridFallbacks(
    store,
    campaignId,
    current,
    new Map(current.waves.map((w) => [w.ordinal, w.id])),
    app.clock.now(),
  );
  if (owed.length === 0) return summary;
  if (inserted > 0)
    await appendAudit(store, {
      actor: app.operator,
      action: 'run.fallback',
      target: `campaign:${campaignId}`,
      source: 'cli',
      now: app.clock.now(),
      details: { reason: 'CHANGE_DID_NOT_STICK', resetPassword: owed },
    });
  // a resumed run finds the fallbacks already inserted: it runs whatever is left of them
  const more = await executeDueActions(app, campaignId, { owner, untilDone: true, ...pick(input) });
  const superseded = await supersedeStuckForceChanges(store, campaignId, current, app.clock.now());
  return {
    ...more,
    applied: summary.applied + more.applied,
    failed: Math.max(0, summary.failed + more.failed - superseded),
    skipped: summary.skipped + more.skipped + superseded,
    retries: summary.retries + more.retries,
    lost: summary.lost + more.lost,
  };
}

function pick(input: RunCampaignInput): Omit<ExecuteOptions, 'untilDone' | 'owner'> {
  return {
    ...(input.signal ? { signal: input.signal } : {}),
    ...(input.force ? { force: input.force } : {}),
    ...(input.onEvent ? { onEvent: input.onEvent } : {}),
  };
}

/** Runs the engine over the campaign's due actions, with the config's limits and the campaign's guard. */
export async function executeDueActions(app: App, campaignId: string, options: ExecuteOptions): Promise<RunSummary> {
  const store = await app.store();
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const passwords = campaignPasswords(app, store, campaignId);
  const limits: Record<string, DirectoryLimits> = {};
  for (const d of app.config.directories) {
    // an AD directory with several DCs has maxConcurrency per DC (one pool each)
    const concurrency = d.maxConcurrency * (d.kind === 'ad' ? d.urls.length : 1);
    limits[d.id] = {
      concurrency,
      ratePerSecond: app.config.engine.writesPerSecond[d.id] ?? Infinity,
      burst: concurrency,
    };
  }
  return runActions(
    {
      store,
      clock: app.clock,
      owner,
      directories: app.directories(),
      passwords,
      guard: await campaignGuard(store, app.config, campaignId),
      retry: { ...defaultRetryPolicy, maxAttempts: app.config.engine.maxAttempts },
      random: Math.random,
      onEvent: options.onEvent ?? (() => undefined),
    },
    {
      campaignId,
      limits,
      leaseMs: app.config.engine.leaseSeconds * 1000,
      pollMs: 500,
      untilDone: options.untilDone,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.force ? { force: options.force } : {}),
    },
  );
}

/**
 * The campaign's derived passwords. SAFETY: the key is read only when the first reset is claimed
 * (never a stand-in meanwhile), and bound to the campaign's recorded fingerprint: another key
 * stops the run before it writes (PASSWORD_KEY_MISMATCH).
 */
export function campaignPasswords(app: App, store: Store, campaignId: string): ActionPasswords {
  return new ActionPasswords(async () => {
    const key = app.passwordKey();
    await bindPasswordKeyFingerprint(store, { campaignId, fingerprint: passwordKeyFingerprint(key, campaignId) });
    return key;
  }, campaignId);
}
