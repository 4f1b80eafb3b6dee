// A wave becomes actions: the plan's start-phase operations of the chosen waves, stored as planned
// actions due at once. Idempotent: the key names the campaign, identity and kind (not the plan
// version or wave), so re-planning or running twice never gives one identity the same start
// action twice. AD requireChange actions carry the discovered userAccountControl (a hint).
// The waves' identities that need a person (privileged, service accounts) become manual tasks in
// the same step (src/app/tasks), tracked until the directory shows them done.
// The assignments are read a page at a time (read-plan-assignments.ts): memory holds one page of
// them and of their actions, whatever the plan's size; the manual tasks (a few per wave) are
// opened together at the end.
import { assignmentOperations, planTemplates } from '../../core/planning/planned-operations.ts';
import { insertActions, type NewAction } from '../../store/actions/insert-actions.ts';
import { waveAssignmentPages } from '../../store/plans/read-plan-assignments.ts';
import { insertManualTasks, type NewManualTask } from '../../store/tasks/insert-manual-tasks.ts';
import { manualTaskMaker, type ServiceInventoryItem } from '../tasks/manual-tasks-of-waves.ts';
import type { Store } from '../../store/open-store.ts';
import { latestSnapshots } from './campaign-identities.ts';
import type { CurrentPlanHeader } from './current-plan.ts';
import { withDiscoveredUac } from './discovered-uac-hints.ts';

export function startActionKey(campaignId: string, directory: string, key: string, kind: string): string {
  return `${campaignId}/start/${directory}/${key}/${kind}`;
}

export async function materializeWaves(
  store: Store,
  campaignId: string,
  current: CurrentPlanHeader,
  waveNumbers: readonly number[],
  now: Date,
  tasks: { actor: string; serviceInventory?: readonly ServiceInventoryItem[] | undefined },
): Promise<{ planned: number; inserted: number; tasksOpened: number }> {
  const chosen = new Set(waveNumbers);
  const waveIds = new Map(current.waves.map((w) => [w.ordinal, w.id]));
  const waves = new Map(current.plan.waves.map((w) => [w.number, w]));
  const templatesOf = planTemplates(current.plan.settings);
  const taskOf = manualTaskMaker(campaignId, tasks.serviceInventory);
  const snapshots = await latestSnapshots(store, campaignId);
  const newTasks: NewManualTask[] = [];
  let planned = 0;
  let inserted = 0;
  for await (const page of waveAssignmentPages(store, current.versionId, current.plan.waves, chosen)) {
    const batch: NewAction[] = [];
    for (const { wave: number, assignment } of page) {
      const wave = waves.get(number)!;
      const waveId = waveIds.get(number) ?? null;
      const task = taskOf(wave, waveId, assignment);
      if (task) newTasks.push(task);
      for (const op of assignmentOperations(templatesOf, wave, assignment)) {
        if (op.type !== 'action' || op.phase !== 'start') continue;
        const { action } = op;
        batch.push({
          campaignId,
          waveId,
          directory: action.directory,
          identityKey: action.identity.key,
          identityName: action.identity.name,
          kind: action.kind,
          params: { ...(action.params ?? {}) },
          idempotencyKey: startActionKey(campaignId, action.directory, action.identity.key, action.kind),
          notBefore: now,
        });
      }
    }
    planned += batch.length;
    inserted += await insertActions(store, await withDiscoveredUac(store, snapshots, batch), now);
  }
  const opened = await insertManualTasks(store, newTasks, { actor: tasks.actor, source: 'cli', now });
  return { planned, inserted, tasksOpened: opened.length };
}
