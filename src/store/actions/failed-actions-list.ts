// The campaign's failed actions, first ones first, with their error and whether they will be
// retried (the status's failures; through the reader, off the event loop on SQLite).
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

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
