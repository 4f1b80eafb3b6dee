// The manual tasks a set of waves holds: one per planned identity whose treatment needs a person
// (a privileged account, a service account), with the service account's owner and application
// from the inventory in the config when it names them.
import type { Plan } from '../../core/planning/plan.ts';
import { manualTaskKindOf } from '../../core/tasks/manual-task.ts';
import type { NewManualTask } from '../../store/tasks/insert-manual-tasks.ts';

export interface ServiceInventoryItem {
  name: string;
  owner?: string | undefined;
  application?: string | undefined;
}

export function manualTasksOfWaves(
  campaignId: string,
  plan: Plan,
  waves: { numbers: readonly number[]; ids: ReadonlyMap<number, number> },
  inventory: readonly ServiceInventoryItem[] = [],
): NewManualTask[] {
  const chosen = new Set(waves.numbers);
  const known = new Map(inventory.map((item) => [item.name.toLowerCase(), item]));
  const tasks: NewManualTask[] = [];
  for (const wave of plan.waves) {
    if (!chosen.has(wave.number)) continue;
    for (let i = wave.firstAssignment; i < wave.firstAssignment + wave.size; i++) {
      const a = plan.assignments[i]!;
      const kind = manualTaskKindOf(a.treatment);
      if (!kind) continue;
      const item = kind === 'service-account-rotation' ? known.get(a.name.toLowerCase()) : undefined;
      tasks.push({
        campaignId,
        waveId: waves.ids.get(wave.number) ?? null,
        waveNumber: wave.number,
        kind,
        directory: a.directory,
        identityKey: a.key,
        identityName: a.name,
        identityDn: a.dn,
        linked: a.linked ? { directory: a.linked.directory, key: a.linked.key, name: a.linked.name } : null,
        owner: kind === 'service-account-rotation' ? (a.owner ?? item?.owner ?? null) : null,
        application: item?.application ?? null,
        dueAt: wave.deadlineAt,
      });
    }
  }
  return tasks;
}
