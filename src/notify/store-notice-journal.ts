// The notice journal in the store's `notices` table (SQLite or PostgreSQL): who was told what, and
// when. The unique idempotency key makes a reservation exclusive across processes and restarts.
import type { ErrorCode } from '../core/errors/error-catalog.ts';
import { ReclaimError } from '../core/errors/reclaim-error.ts';
import type { NoticeKind } from '../store/database.ts';
import type { Store } from '../store/open-store.ts';
import { storeCall } from '../store/store-error.ts';
import { inWriteTransaction } from '../store/write-transaction.ts';
import type {
  NoticeJournal,
  NoticeJournalEntry,
  NoticeRecord,
  NoticeState,
  RecipientChannel,
  Reservation,
} from './notice-journal.ts';

export class StoreNoticeJournal implements NoticeJournal {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  reserve(notice: NoticeRecord): Promise<Reservation> {
    return inWriteTransaction(this.#store, 'reserving a notice', async (trx) => {
      await trx
        .insertInto('notices')
        .values({
          campaignId: notice.campaignId,
          waveId: notice.waveId,
          directory: notice.directory,
          identityKey: notice.identityKey,
          kind: notice.kind satisfies NoticeKind,
          channel: notice.channel,
          recipient: notice.recipient,
          state: 'reserved',
          idempotencyKey: notice.idempotencyKey,
          attempts: 0,
          lastErrorCode: null,
          createdAt: notice.at,
          sentAt: null,
        })
        .onConflict((oc) => oc.column('idempotencyKey').doNothing())
        .execute();
      // A row not yet sent found here is new, or was left by a sender that stopped before markSent
      // (a crash): taking it over is the resume; see send-notices.ts for why that is at-least-once.
      // One UPDATE ... RETURNING counts the attempt under the row lock, so concurrent reservations
      // on PostgreSQL (read committed) each see their own count.
      const taken = await trx
        .updateTable('notices')
        .set((eb) => ({
          state: 'reserved',
          attempts: eb('attempts', '+', 1),
          channel: notice.channel,
          recipient: notice.recipient,
        }))
        .where('idempotencyKey', '=', notice.idempotencyKey)
        .where('state', '!=', 'sent')
        .returning(['id', 'attempts', 'lastErrorCode'])
        .executeTakeFirst();
      if (taken)
        return { status: 'reserved', id: taken.id, attempts: taken.attempts, lastErrorCode: taken.lastErrorCode };
      const sent = await trx
        .selectFrom('notices')
        .select(['id', 'sentAt'])
        .where('idempotencyKey', '=', notice.idempotencyKey)
        .executeTakeFirstOrThrow();
      return { status: 'already-sent', id: sent.id, sentAt: sent.sentAt ?? notice.at };
    });
  }

  // The Message-ID is derived from the idempotency key (notice-message-id.ts), so the row need not
  // hold it: the journal's key is enough to find the message in a mailbox or an MTA log.
  async markSent(id: number, at: string, _messageId: string): Promise<void> {
    const result = await storeCall('journaling a sent notice', () =>
      this.#store.db
        .updateTable('notices')
        .set({ state: 'sent', sentAt: at, lastErrorCode: null })
        .where('id', '=', id)
        .executeTakeFirst(),
    );
    if (Number(result.numUpdatedRows) !== 1)
      throw new ReclaimError('NOT_FOUND', `no notice with id ${id} in the journal`);
  }

  async markFailed(id: number, code: ErrorCode): Promise<void> {
    await storeCall('journaling a failed notice', () =>
      this.#store.db
        .updateTable('notices')
        .set({ state: 'failed', lastErrorCode: code })
        .where('id', '=', id)
        .where('state', '!=', 'sent')
        .execute(),
    );
  }

  async list(campaignId: string): Promise<NoticeJournalEntry[]> {
    const rows = await storeCall('listing notices', () =>
      this.#store.db
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
    return rows.map((r) => ({ ...r, channel: r.channel as RecipientChannel, state: r.state as NoticeState }));
  }
}
