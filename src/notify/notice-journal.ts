// The storage port the sender needs: who was told what, and when. Implemented in memory (unit
// tests) and against the store (store-notice-journal.ts). Both pass one contract suite.
import type { ErrorCode } from '../core/errors/error-catalog.ts';
import type { NoticeKind } from './notice-request.ts';

/** none: no address was found, the notice is journaled as failed with NOTICE_NO_RECIPIENT */
export type RecipientChannel = 'corporate' | 'alternate' | 'manager' | 'none';

export interface NoticeRecord {
  campaignId: string;
  waveId: number | null;
  directory: string;
  identityKey: string;
  kind: NoticeKind;
  channel: RecipientChannel;
  recipient: string;
  idempotencyKey: string;
  /** when the reservation is made (ISO-8601) */
  at: string;
}

export type Reservation =
  | { status: 'already-sent'; id: number; sentAt: string }
  /** attempts counts this one: 1 for a first reservation, more when a resume takes over an unfinished one */
  | { status: 'reserved'; id: number; attempts: number; lastErrorCode: string | null };

export type NoticeState = 'reserved' | 'sent' | 'failed';

export interface NoticeJournalEntry {
  id: number;
  idempotencyKey: string;
  identityKey: string;
  kind: NoticeKind;
  channel: RecipientChannel;
  recipient: string;
  state: NoticeState;
  attempts: number;
  lastErrorCode: string | null;
  sentAt: string | null;
}

export interface NoticeJournal {
  /**
   * Journals the intent to send before anything reaches SMTP. A notice already sent answers
   * 'already-sent' and is never sent again; a reserved or failed one is handed back for another
   * attempt (resume after a crash, retry after a failure).
   */
  reserve(notice: NoticeRecord): Promise<Reservation>;
  /** Journals that the SMTP server accepted the message. */
  markSent(id: number, at: string, messageId: string): Promise<void>;
  /** Journals a failed attempt with its catalog code; the notice stays eligible for a later attempt. */
  markFailed(id: number, code: ErrorCode): Promise<void>;
  /** Every notice of a campaign, for reports and tests. */
  list(campaignId: string): Promise<NoticeJournalEntry[]>;
}
