// The manual tasks a set of waves holds: one per planned identity whose treatment needs a person
// (a privileged account, a service account), with the service account's owner and application
// from the inventory in the config when it names them.
import type { Plan, Wave } from '../../core/planning/plan.ts';
import type { SegmentAssignment } from '../../core/segmentation/segment-identities.ts';
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
  const taskOf = manualTaskMaker(campaignId, inventory);
  const tasks: NewManualTask[] = [];
  for (const wave of plan.waves) {
    if (!chosen.has(wave.number)) continue;
    for (let i = wave.firstAssignment; i < wave.firstAssignment + wave.size; i++) {
      const task = taskOf(wave, waves.ids.get(wave.number) ?? null, plan.assignments[i]!);
      if (task) tasks.push(task);
    }
  }
  return tasks;
}

/** The task one assignment of a wave needs, or null: what a reader of assignment pages calls. */
export function manualTaskMaker(
  campaignId: string,
  inventory: readonly ServiceInventoryItem[] = [],
): (wave: Pick<Wave, 'number' | 'deadlineAt'>, waveId: number | null, a: SegmentAssignment) => NewManualTask | null {
  const known = new Map(inventory.map((item) => [item.name.toLowerCase(), item]));
  return (wave, waveId, a) => {
    const kind = manualTaskKindOf(a.treatment);
    if (!kind) return null;
    const item = kind === 'service-account-rotation' ? known.get(a.name.toLowerCase()) : undefined;
    return {
      campaignId,
      waveId,
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
    };
  };
}
