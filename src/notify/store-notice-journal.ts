// The notice journal in the store's `notices` table (SQLite or PostgreSQL): who was told what, and
// when. The queries live in src/store/notices; this adapts them to the sender's port.
import type { ErrorCode } from '../core/errors/error-catalog.ts';
import { listNotices } from '../store/notices/list-notices.ts';
import { markNoticeFailed, markNoticeSent } from '../store/notices/mark-notice.ts';
import { reserveNotice } from '../store/notices/reserve-notice.ts';
import type { Store } from '../store/open-store.ts';
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
    return reserveNotice(this.#store, notice);
  }

  // The Message-ID is derived from the idempotency key (notice-message-id.ts), so the row need not
  // hold it: the journal's key is enough to find the message in a mailbox or an MTA log.
  markSent(id: number, at: string, _messageId: string): Promise<void> {
    return markNoticeSent(this.#store, id, at);
  }

  markFailed(id: number, code: ErrorCode): Promise<void> {
    return markNoticeFailed(this.#store, id, code);
  }

  async list(campaignId: string): Promise<NoticeJournalEntry[]> {
    const rows = await listNotices(this.#store, campaignId);
    return rows.map((r) => ({ ...r, channel: r.channel as RecipientChannel, state: r.state as NoticeState }));
  }
}
