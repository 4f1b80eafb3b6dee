// Every wave of the current plan with when it starts and whether it has started, for `run` (which
// starts only the waves whose time has come, and must say when the others start and what to run
// next) and `status` (issue 15: a run of a first wave made only of manual tasks said "done, 0
// applied" and nothing of the waves starting later).
import type { Wave } from '../../core/planning/plan.ts';
import { countActionsByWave } from '../../store/actions/count-actions.ts';
import { auditEntriesFor } from '../../store/audit/audit-entries-for.ts';
import type { Store } from '../../store/open-store.ts';
import type { CurrentPlan } from './current-plan.ts';

export interface ScheduledWave {
  number: number;
  label: string;
  startAt: string;
  deadlineAt: string;
  /** identities in the wave */
  size: number;
  /** of them, manual tasks (privileged resets, service rotations): no directory action */
  tasks: number;
  /** directory actions stored for the wave so far */
  actions: number;
  /** started: by this run or an earlier one; due: its time has come, not started; later: not yet due */
  state: 'started' | 'due' | 'later';
}

export interface WaveSchedule {
  waves: ScheduledWave[];
  /** the next start of a wave not started yet, if any */
  nextStartAt: string | null;
}

/**
 * The waves `reclaim run` started for this plan version, from its audited run.start entries: a wave
 * of manual tasks only leaves no action behind to tell.
 */
async function startedWaves(store: Store, campaignId: string, versionId: string): Promise<Set<number>> {
  const rows = await auditEntriesFor(store, { action: 'run.start', target: `campaign:${campaignId}` });
  const started = new Set<number>();
  for (const row of rows) {
    const details = row.details as { waves?: unknown; planVersion?: unknown };
    if (details.planVersion === versionId && Array.isArray(details.waves))
      for (const n of details.waves) if (typeof n === 'number') started.add(n);
  }
  return started;
}

export async function waveSchedule(
  store: Store,
  campaignId: string,
  current: Pick<CurrentPlan, 'waves' | 'versionId'> & { plan: { waves: readonly Wave[] } },
  now: Date,
): Promise<WaveSchedule> {
  const byWave = await countActionsByWave(store, campaignId);
  const started = await startedWaves(store, campaignId, current.versionId);
  const idOf = new Map(current.waves.map((w) => [w.ordinal, w.id]));
  const waves = current.plan.waves.map((w): ScheduledWave => {
    const counts = byWave.get(idOf.get(w.number) ?? -1);
    const actions = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : 0;
    const state =
      started.has(w.number) || actions > 0 ? 'started' : Date.parse(w.startAt) <= now.getTime() ? 'due' : 'later';
    return {
      number: w.number,
      label: w.label,
      startAt: w.startAt,
      deadlineAt: w.deadlineAt,
      size: w.size,
      tasks: w.tasks,
      actions,
      state,
    };
  });
  const pending = waves
    .filter((w) => w.state !== 'started')
    .map((w) => w.startAt)
    .sort();
  return { waves, nextStartAt: pending[0] ?? null };
}
