// A campaign's notices: every one in id order (reports, the sender's resume), and their counts per
// kind and state.
import type { NoticeKind } from '../database.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export interface NoticeRow {
  id: number;
  idempotencyKey: string;
  identityKey: string;
  kind: NoticeKind;
  channel: string;
  recipient: string;
  state: string;
  attempts: number;
  lastErrorCode: string | null;
  sentAt: string | null;
}

export async function listNotices(store: Store, campaignId: string): Promise<NoticeRow[]> {
  return storeCall('listing notices', () =>
    store.db
      .selectFrom('notices')
      .select([
        'id',
        'idempotencyKey',
        'identityKey',
        'kind',
        'channel',
        'recipient',
        'state',
        'attempts',
        'lastErrorCode',
        'sentAt',
      ])
      .where('campaignId', '=', campaignId)
      .orderBy('id')
      .execute(),
  );
}

/** kind -> state -> number of notices. */
export async function countNotices(store: Store, campaignId: string): Promise<Record<string, Record<string, number>>> {
  const rows = await storeCall('counting notices', () =>
    store.db
      .selectFrom('notices')
      .select((eb) => ['kind', 'state', eb.fn.countAll<number>().as('n')])
      .where('campaignId', '=', campaignId)
      .groupBy(['kind', 'state'])
      .execute(),
  );
  const byKind: Record<string, Record<string, number>> = {};
  for (const r of rows) (byKind[r.kind] ??= {})[r.state] = Number(r.n);
  return byKind;
}
