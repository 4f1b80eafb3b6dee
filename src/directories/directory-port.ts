// The port every directory adapter implements (Samba/AD over LDAPS, Entra over Graph), checked by
// one contract suite in test/contracts. Adapters throw ReclaimError with catalog codes only.
import type { ActionKind, ActionSpec, Applied, CredentialState } from '../core/action.ts';
import type { DiscoveryScratch } from '../core/discovery-scratch.ts';
import type { ReclaimError } from '../core/errors/reclaim-error.ts';
import type { DirectoryKind, Identity, IdentityRef } from '../core/identity.ts';
import type { Secret } from '../core/secret.ts';

export interface ApplyContext {
  /** the new password for resetPassword: generated and journaled (as a hash) by the engine first, so a retry reuses it */
  password?: Secret;
  /** receives a secret the directory generated (a TAP); the value is shown once and never stored */
  onSecret?: (secret: Secret) => void;
  /**
   * Called when the action's write is answered and normally only a check (a read) remains: the
   * caller may let its next write start. Not called by every action. A rare fallback can still
   * write after it (a must-change whose check finds never-expires set since discovery), which is
   * one operation over the caller's limit, never a second write of the same change.
   */
  onWritten?: () => void;
}

/** One action's outcome from applyMany: data, never a throw. */
export type BatchOutcome =
  | { action: ActionSpec; ok: true; applied: Applied; attempts: number }
  /** notSent: the stream stopped before the action's write left (nothing was sent for it) */
  | { action: ActionSpec; ok: false; error: ReclaimError; attempts: number; notSent?: true };

export interface BatchWriteOptions {
  /** no request is sent after it aborts; requests in flight finish; what waits comes back notSent */
  signal?: AbortSignal;
  /** asked right before each request leaves (the kill switch): false stops the stream as the signal does */
  mayWrite?: () => Promise<boolean>;
}

export interface DiscoverOptions {
  pageSize?: number;
  /** where per-person report entries wait for their user's page (default: in memory); the caller empties it */
  scratch?: DiscoveryScratch;
}

export interface Directory {
  readonly id: string;
  readonly kind: DirectoryKind;
  /** the action kinds this adapter can apply */
  readonly supports: readonly ActionKind[];
  /** Streams identities one page at a time, never holding the whole directory in memory. */
  discover(options?: DiscoverOptions): AsyncIterable<Identity[]>;
  /** Applies one action; safe to retry (the same action twice leaves the same state). */
  apply(action: ActionSpec, context?: ApplyContext): Promise<Applied>;
  /**
   * The kinds applyMany sends many to a request ($batch); absent when the adapter has no such path.
   * A write whose outcome is unknown comes back as OUTCOME_UNKNOWN, never re-sent by the adapter:
   * the caller reads the ground truth first.
   */
  readonly batchKinds?: readonly ActionKind[];
  applyMany?(
    actions: AsyncIterable<ActionSpec>,
    contextFor: (action: ActionSpec) => ApplyContext,
    options?: BatchWriteOptions,
  ): AsyncIterable<BatchOutcome>;
  /** Every password reset, must-change or not, moves passwordLastSetAt (Entra): recovery needs no read before the write. */
  readonly resetMovesPasswordDate?: boolean;
  /** Reads the ground truth for verification and for crash recovery. */
  readCredentialState(ref: IdentityRef): Promise<CredentialState>;
  close(): Promise<void>;
}
