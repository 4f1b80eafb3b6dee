// A wave becomes actions: the plan's start-phase operations of the chosen waves, stored as planned
// actions due at once. Idempotent: the key names the campaign, identity and kind (not the plan
// version or wave), so re-planning or running twice never gives one identity the same start
// action twice. AD requireChange actions carry the discovered userAccountControl (a hint).
// The waves' identities that need a person (privileged, service accounts) become manual tasks in
// the same step (src/app/tasks), tracked until the directory shows them done.
import { plannedOperations } from '../../core/planning/planned-operations.ts';
import type { Plan } from '../../core/planning/plan.ts';
import { insertActions, type NewAction } from '../../store/actions/insert-actions.ts';
import { insertManualTasks } from '../../store/tasks/insert-manual-tasks.ts';
import { manualTasksOfWaves, type ServiceInventoryItem } from '../tasks/manual-tasks-of-waves.ts';
import type { Store } from '../../store/open-store.ts';
import { latestSnapshots } from './campaign-identities.ts';
import type { CurrentPlan } from './current-plan.ts';
import { withDiscoveredUac } from './discovered-uac-hints.ts';

export function startActionKey(campaignId: string, directory: string, key: string, kind: string): string {
  return `${campaignId}/start/${directory}/${key}/${kind}`;
}

export async function materializeWaves(
  store: Store,
  campaignId: string,
  current: CurrentPlan,
  waveNumbers: readonly number[],
  now: Date,
  tasks: { actor: string; serviceInventory?: readonly ServiceInventoryItem[] | undefined },
): Promise<{ planned: number; inserted: number; tasksOpened: number }> {
  const chosen = new Set(waveNumbers);
  const waveIds = new Map(current.waves.map((w) => [w.ordinal, w.id]));
  const batch: NewAction[] = [];
  const snapshots = await latestSnapshots(store, campaignId);
  const insertWithHints = async (actions: NewAction[]) =>
    insertActions(store, await withDiscoveredUac(store, snapshots, actions), now);
  let planned = 0;
  let inserted = 0;
  for (const op of plannedOperations(current.plan as Plan)) {
    if (op.type !== 'action' || op.phase !== 'start' || !chosen.has(op.wave)) continue;
    const { action } = op;
    batch.push({
      campaignId,
      waveId: waveIds.get(op.wave) ?? null,
      directory: action.directory,
      identityKey: action.identity.key,
      identityName: action.identity.name,
      kind: action.kind,
      params: { ...(action.params ?? {}) },
      idempotencyKey: startActionKey(campaignId, action.directory, action.identity.key, action.kind),
      notBefore: now,
    });
    planned++;
    if (batch.length >= 2000) inserted += await insertWithHints(batch.splice(0));
  }
  inserted += await insertWithHints(batch);
  const newTasks = manualTasksOfWaves(
    campaignId,
    current.plan as Plan,
    { numbers: waveNumbers, ids: waveIds },
    tasks.serviceInventory,
  );
  const opened = await insertManualTasks(store, newTasks, { actor: tasks.actor, source: 'cli', now });
  return { planned, inserted, tasksOpened: opened.length };
}
