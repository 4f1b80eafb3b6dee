// Every action of a campaign and every journal entry, in id order, as the report reads them.
import type { ActionState } from '../database.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export interface CampaignAction {
  id: number;
  waveId: number | null;
  directory: string;
  identityKey: string;
  identityName: string;
  kind: string;
  state: ActionState;
  idempotencyKey: string;
  lastErrorCode: string | null;
  /** 1 when a failure is retried by the engine, 0 or null otherwise (as stored) */
  failureRetryable: number | null;
  /** the params as stored (JSON text) */
  params: string;
}

export async function campaignActions(store: Store, campaignId: string): Promise<CampaignAction[]> {
  const rows = await storeCall('reading actions', () =>
    store.db
      .selectFrom('actions')
      .select([
        'id',
        'waveId',
        'directory',
        'identityKey',
        'identityName',
        'kind',
        'state',
        'idempotencyKey',
        'lastErrorCode',
        'failureRetryable',
        'params',
      ])
      .where('campaignId', '=', campaignId)
      .orderBy('id')
      .execute(),
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), waveId: r.waveId === null ? null : Number(r.waveId) }));
}

export interface CampaignJournalEntry {
  actionId: number;
  at: string;
  toState: ActionState;
  event: string;
  details: Record<string, unknown>;
}

export async function campaignJournal(store: Store, campaignId: string): Promise<CampaignJournalEntry[]> {
  const rows = await storeCall('reading the journal', () =>
    store.db
      .selectFrom('journalEvents')
      .select(['actionId', 'at', 'toState', 'event', 'details'])
      .where('campaignId', '=', campaignId)
      .orderBy('id')
      .execute(),
  );
  return rows.map((r) => ({
    ...r,
    actionId: Number(r.actionId),
    details: JSON.parse(r.details) as Record<string, unknown>,
  }));
}
