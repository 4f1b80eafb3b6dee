// An action as the engine reads it from the store: the row with its JSON and flags decoded.
import type { Selectable } from 'kysely';
import type { ActionState, ActionsTable } from '../database.ts';

export interface StoredAction {
  id: number;
  campaignId: string;
  waveId: number | null;
  directory: string;
  identityKey: string;
  identityName: string;
  kind: string;
  params: Record<string, unknown>;
  state: ActionState;
  failureRetryable: boolean | null;
  attempts: number;
  nextAttemptAt: string | null;
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  applyStartedAt: string | null;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  idempotencyKey: string;
  secretFingerprint: string | null;
  journalSeq: number;
  createdAt: string;
  updatedAt: string;
}

export function toStoredAction(row: Selectable<ActionsTable>): StoredAction {
  return {
    ...row,
    id: Number(row.id),
    waveId: row.waveId === null ? null : Number(row.waveId),
    params: JSON.parse(row.params) as Record<string, unknown>,
    failureRetryable: row.failureRetryable === null ? null : Number(row.failureRetryable) === 1,
    attempts: Number(row.attempts),
    journalSeq: Number(row.journalSeq),
  };
}
