// The journal entries into 'applied' of the campaign's actions now applied or verified, oldest
// first: when and where each write was done (its details hold the directory's `at` and facts).
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export interface AppliedEvent {
  actionId: number;
  directory: string;
  identityKey: string;
  identityName: string;
  kind: string;
  idempotencyKey: string;
  /** when the journal entry was written */
  at: string;
  details: Record<string, unknown>;
}

export async function appliedEvents(
  store: Store,
  campaignId: string,
  filter: { directory?: string; kinds?: readonly string[] } = {},
): Promise<AppliedEvent[]> {
  const rows = await storeCall('reading the applied actions and their journal', () => {
    let q = store.db
      .selectFrom('actions')
      .innerJoin('journalEvents', 'journalEvents.actionId', 'actions.id')
      .select([
        'actions.id',
        'actions.directory',
        'actions.identityKey',
        'actions.identityName',
        'actions.kind',
        'actions.idempotencyKey',
        'journalEvents.at',
        'journalEvents.details',
      ])
      .where('actions.campaignId', '=', campaignId)
      .where('actions.state', 'in', ['applied', 'verified'])
      .where('journalEvents.toState', '=', 'applied');
    if (filter.directory) q = q.where('actions.directory', '=', filter.directory);
    if (filter.kinds) q = q.where('actions.kind', 'in', [...filter.kinds]);
    return q.orderBy('journalEvents.id').execute();
  });
  return rows.map(({ id, details, ...r }) => ({
    ...r,
    actionId: Number(id),
    details: JSON.parse(details) as Record<string, unknown>,
  }));
}
