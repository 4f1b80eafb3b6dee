// The campaign's failed actions: those of one kind that failed with one error code (e.g. the force
// changes that did not stick, owed an AD reset by the hybrid fallback), and the first failures with
// their error and whether they will be retried (the status; through the reader, off the event loop).
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export async function actionsFailedWith(
  store: Store,
  input: { campaignId: string; kind: string; code: string },
): Promise<Array<{ id: number; directory: string; identityKey: string }>> {
  const rows = await storeCall(`reading ${input.kind} actions that failed with ${input.code}`, () =>
    store.db
      .selectFrom('actions')
      .select(['id', 'directory', 'identityKey'])
      .where('campaignId', '=', input.campaignId)
      .where('kind', '=', input.kind)
      .where('state', '=', 'failed')
      .where('lastErrorCode', '=', input.code)
      .execute(),
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export interface FailedActionRow {
  id: number;
  directory: string;
  identity: string;
  kind: string;
  code: string | null;
  message: string | null;
  retrying: boolean;
}

export async function failedActions(store: Store, campaignId: string, limit: number): Promise<FailedActionRow[]> {
  const rows = await storeCall('listing failures', () =>
    store.reader
      .selectFrom('actions')
      .select(['id', 'directory', 'identityName', 'kind', 'lastErrorCode', 'lastErrorMessage', 'failureRetryable'])
      .where('campaignId', '=', campaignId)
      .where('state', '=', 'failed')
      .orderBy('id')
      .limit(limit)
      .execute(),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    directory: r.directory,
    identity: r.identityName,
    kind: r.kind,
    code: r.lastErrorCode,
    message: r.lastErrorMessage,
    retrying: Number(r.failureRetryable) === 1,
  }));
}
