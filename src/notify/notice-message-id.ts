// A notice's Message-ID and its short reference are derived from its idempotency key: the same
// notice always carries the same Message-ID, so if a resume ever sends it twice (see
// send-notices.ts) mail clients and MTAs that deduplicate by Message-ID show it once, and the
// journal row can be found from a received message (and the other way round).
import { createHash } from 'node:crypto';

function digest(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('hex');
}

export function noticeMessageId(idempotencyKey: string, fromAddress: string): string {
  const domain = fromAddress.split('@')[1]?.replace(/[>\s]/g, '') || 'reclaim.invalid';
  return `<notice-${digest(idempotencyKey).slice(0, 32)}@${domain}>`;
}

/** A reference the user can quote to the helpdesk: 12 characters, grouped for reading aloud. */
export function noticeReference(idempotencyKey: string): string {
  const hex = digest(idempotencyKey).slice(0, 12).toUpperCase();
  return `${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}`;
}
