// The notice journal in memory: for unit tests and dry runs. Same contract as the store journal.
import type { ErrorCode } from '../core/errors/error-catalog.ts';
import { ReclaimError } from '../core/errors/reclaim-error.ts';
import type { NoticeJournal, NoticeJournalEntry, NoticeRecord, Reservation } from './notice-journal.ts';

interface Row extends NoticeJournalEntry {
  campaignId: string;
  messageId: string | null;
}

export class InMemoryNoticeJournal implements NoticeJournal {
  readonly #rows: Row[] = [];

  async reserve(notice: NoticeRecord): Promise<Reservation> {
    const existing = this.#rows.find((r) => r.idempotencyKey === notice.idempotencyKey);
    if (existing?.state === 'sent')
      return { status: 'already-sent', id: existing.id, sentAt: existing.sentAt ?? notice.at };
    if (existing) {
      existing.attempts += 1;
      existing.state = 'reserved';
      existing.channel = notice.channel;
      existing.recipient = notice.recipient;
      return {
        status: 'reserved',
        id: existing.id,
        attempts: existing.attempts,
        lastErrorCode: existing.lastErrorCode,
      };
    }
    const row: Row = {
      id: this.#rows.length + 1,
      campaignId: notice.campaignId,
      idempotencyKey: notice.idempotencyKey,
      identityKey: notice.identityKey,
      kind: notice.kind,
      channel: notice.channel,
      recipient: notice.recipient,
      state: 'reserved',
      attempts: 1,
      lastErrorCode: null,
      sentAt: null,
      messageId: null,
    };
    this.#rows.push(row);
    return { status: 'reserved', id: row.id, attempts: 1, lastErrorCode: null };
  }

  async markSent(id: number, at: string, messageId: string): Promise<void> {
    const row = this.#row(id);
    row.state = 'sent';
    row.sentAt = at;
    row.messageId = messageId;
  }

  async markFailed(id: number, code: ErrorCode): Promise<void> {
    const row = this.#row(id);
    if (row.state === 'sent') return;
    row.state = 'failed';
    row.lastErrorCode = code;
  }

  async list(campaignId: string): Promise<NoticeJournalEntry[]> {
    return this.#rows
      .filter((r) => r.campaignId === campaignId)
      .map(({ campaignId: _c, messageId: _m, ...entry }) => ({ ...entry }));
  }

  #row(id: number): Row {
    const row = this.#rows.find((r) => r.id === id);
    if (!row) throw new ReclaimError('NOT_FOUND', `no notice with id ${id} in the journal`);
    return row;
  }
}
