// Reading manual tasks: a filtered list (oldest first), one task, and the counts per kind and state
// that `status`, the console and the report show.
import {
  manualTaskKinds,
  manualTaskStates,
  type ManualTaskKind,
  type ManualTaskState,
} from '../../core/tasks/manual-task.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';
import { manualTaskRow, type ManualTaskRow } from './manual-task-row.ts';

export interface ManualTaskFilter {
  campaignId: string;
  states?: readonly ManualTaskState[];
  kinds?: readonly ManualTaskKind[];
  waves?: readonly number[];
  ids?: readonly number[];
  /** the tasks of these identities (any directory) */
  identityKeys?: readonly string[];
  assignee?: string;
  limit?: number;
}

export async function listManualTasks(store: Store, filter: ManualTaskFilter): Promise<ManualTaskRow[]> {
  const rows = await storeCall('listing manual tasks', () => {
    let q = store.db.selectFrom('manualTasks').selectAll().where('campaignId', '=', filter.campaignId);
    if (filter.states?.length) q = q.where('state', 'in', [...filter.states]);
    if (filter.kinds?.length) q = q.where('kind', 'in', [...filter.kinds]);
    if (filter.waves?.length) q = q.where('waveNumber', 'in', [...filter.waves]);
    if (filter.ids?.length) q = q.where('id', 'in', [...filter.ids]);
    if (filter.identityKeys?.length) q = q.where('identityKey', 'in', [...filter.identityKeys]);
    if (filter.assignee) q = q.where('assignee', '=', filter.assignee);
    q = q.orderBy('id');
    return (filter.limit ? q.limit(filter.limit) : q).execute();
  });
  return rows.map(manualTaskRow);
}

export type ManualTaskCounts = {
  total: number;
  byState: Record<ManualTaskState, number>;
  byKind: Record<ManualTaskKind, Record<ManualTaskState, number>>;
};

export function emptyManualTaskCounts(): ManualTaskCounts {
  const states = () => Object.fromEntries(manualTaskStates.map((s) => [s, 0])) as Record<ManualTaskState, number>;
  return {
    total: 0,
    byState: states(),
    byKind: Object.fromEntries(manualTaskKinds.map((k) => [k, states()])) as ManualTaskCounts['byKind'],
  };
}

export async function countManualTasks(store: Store, campaignId: string): Promise<ManualTaskCounts> {
  const rows = await storeCall('counting manual tasks', () =>
    store.db
      .selectFrom('manualTasks')
      .select((eb) => ['kind', 'state', eb.fn.countAll<number>().as('n')])
      .where('campaignId', '=', campaignId)
      .groupBy(['kind', 'state'])
      .execute(),
  );
  const counts = emptyManualTaskCounts();
  for (const r of rows) {
    const n = Number(r.n);
    counts.total += n;
    counts.byState[r.state] += n;
    counts.byKind[r.kind][r.state] += n;
  }
  return counts;
}
