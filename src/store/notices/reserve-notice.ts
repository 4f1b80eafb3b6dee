// Reserving a notice before it is sent: the unique idempotency key makes a reservation exclusive
// across processes and restarts; a notice already sent is never handed out again.
import type { NoticeKind } from '../database.ts';
import type { Store } from '../open-store.ts';
import { inWriteTransaction } from '../write-transaction.ts';

export interface NoticeToReserve {
  campaignId: string;
  waveId: number | null;
  directory: string;
  identityKey: string;
  kind: NoticeKind;
  channel: string;
  recipient: string;
  idempotencyKey: string;
  /** when the reservation is made (ISO-8601) */
  at: string;
}

export type NoticeReservation =
  | { status: 'already-sent'; id: number; sentAt: string }
  /** attempts counts this one: 1 for a first reservation, more when a resume takes over an unfinished one */
  | { status: 'reserved'; id: number; attempts: number; lastErrorCode: string | null };

export function reserveNotice(store: Store, notice: NoticeToReserve): Promise<NoticeReservation> {
  return inWriteTransaction(store, 'reserving a notice', async (trx) => {
    await trx
      .insertInto('notices')
      .values({
        campaignId: notice.campaignId,
        waveId: notice.waveId,
        directory: notice.directory,
        identityKey: notice.identityKey,
        kind: notice.kind,
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
    // A row not yet sent found here is new, or was left by a sender that stopped before it was
    // marked sent (a crash): taking it over is the resume (at-least-once: notify/send-notices.ts).
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
