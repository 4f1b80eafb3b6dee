// The port every directory adapter implements (Samba/AD over LDAPS, Entra over Graph), checked by
// one contract suite in test/contracts. Adapters throw ReclaimError with catalog codes only.
import type { ActionKind, ActionSpec, Applied, CredentialState } from '../core/action.ts';
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

export interface Directory {
  readonly id: string;
  readonly kind: DirectoryKind;
  /** the action kinds this adapter can apply */
  readonly supports: readonly ActionKind[];
  /** Streams identities one page at a time, never holding the whole directory in memory. */
  discover(options?: { pageSize?: number }): AsyncIterable<Identity[]>;
  /** Applies one action; safe to retry (the same action twice leaves the same state). */
  apply(action: ActionSpec, context?: ApplyContext): Promise<Applied>;
  /** Reads the ground truth for verification and for crash recovery. */
  readCredentialState(ref: IdentityRef): Promise<CredentialState>;
  close(): Promise<void>;
}
