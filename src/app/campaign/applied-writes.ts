// The campaign's writes as the journal recorded them when they were applied: which identity, when
// (the directory's own `at`), on which DC (`facts.dc`, set by the several-DC AD directory) and the
// other facts (e.g. the krbtgt key version after the reset). Read for per-DC verification.
import type { ActionKind } from '../../core/action.ts';
import type { Store } from '../../store/open-store.ts';
import { storeCall } from '../../store/store-error.ts';

export interface AppliedWrite {
  actionId: number;
  directory: string;
  identityKey: string;
  identityName: string;
  kind: ActionKind;
  idempotencyKey: string;
  /** when the directory reported the write done (ISO, ms) */
  appliedAt: string;
  /** the DC that took the write, when the directory has several */
  dc?: string;
  facts: Record<string, unknown>;
}

/** Every action of the campaign in state applied or verified, with its last 'applied' journal event. */
export async function appliedWrites(
  store: Store,
  campaignId: string,
  filter: { directory?: string; kinds?: readonly ActionKind[] } = {},
): Promise<AppliedWrite[]> {
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
  const byAction = new Map<number, AppliedWrite>();
  for (const r of rows) {
    const details = JSON.parse(r.details) as { at?: string; facts?: Record<string, unknown> };
    const facts = details.facts ?? {};
    byAction.set(Number(r.id), {
      actionId: Number(r.id),
      directory: r.directory,
      identityKey: r.identityKey,
      identityName: r.identityName,
      kind: r.kind as ActionKind,
      idempotencyKey: r.idempotencyKey,
      appliedAt: details.at ?? r.at,
      ...(typeof facts.dc === 'string' ? { dc: facts.dc } : {}),
      facts,
    });
  }
  return [...byAction.values()];
}
