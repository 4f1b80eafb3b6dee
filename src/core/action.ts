// Actions are data: one directory operation on one identity. Dry-run prints exactly these; the
// engine executes exactly these.
import type { IdentityRef } from './identity.ts';

export const actionKinds = [
  'requireChange', // AD pwdLastSet=0 (clearing never-expires first) / Entra forceChangePasswordNextSignIn
  'resetPassword', // administrative reset to a unique random password, optionally with must-change
  'disable',
  'enable',
  'rollSmartcardHash', // toggle smart-card-required so the DC generates a new random hash
  'resetKrbtgt', // one krbtgt reset; the engine schedules the second
  'linkPasswordPolicy', // create/link a Fine-Grained Password Policy with a short maximum age
  'unlinkPasswordPolicy', // the identity changed: its link to that policy is removed (the policy too when unused)
  'revokeSessions', // Entra revokeSignInSessions
  'issueTap', // Entra Temporary Access Pass, shown once
  'deleteAuthMethods', // Entra: remove registered methods (high assurance)
  'restorePasswordNeverExpires', // undo the flag cleared by requireChange
] as const;

export type ActionKind = (typeof actionKinds)[number];

export interface ActionParams {
  /** resetPassword: also require a change at next logon */
  mustChange?: boolean;
  /** Entra requireChange: require MFA before the change */
  withMfa?: boolean;
  /** Entra requireChange on a synced user: read passwordProfile back and fail with
   *  CHANGE_DID_NOT_STICK when the flag did not take (Graph may answer 204 and change nothing) */
  confirmForceChange?: boolean;
  /** linkPasswordPolicy: the group the PSO is linked to and its maximum age in days */
  groupDn?: string;
  maxAgeDays?: number;
  /** issueTap: lifetime and usage */
  lifetimeMinutes?: number;
  isUsableOnce?: boolean;
  /** AD requireChange: userAccountControl as discovery read it. Only a hint: the directory makes
   *  its write conditional on it (checked by the DC), and reads afresh when it is stale. Set by
   *  Reclaim from its own discovery snapshot of a non-krbtgt account, never from a plan file. */
  expectedUserAccountControl?: number;
}

export interface ActionSpec {
  kind: ActionKind;
  directory: string;
  identity: IdentityRef;
  params?: ActionParams;
}

/** What a directory answers after applying an action. */
export interface Applied {
  at: string;
  /** the state before the write, when the adapter read it (for undo and for the journal) */
  before?: Partial<CredentialState>;
  /** facts worth journaling, never secrets: e.g. { clearedPasswordNeverExpires: true } */
  facts?: Record<string, string | number | boolean>;
}

/** Ground truth of one identity's credential, read from the directory. */
export interface CredentialState {
  exists: boolean;
  enabled: boolean;
  mustChangePassword: boolean;
  /** when the password was really last set; null when unknown (AD pwdLastSet=0) */
  passwordLastSetAt: string | null;
  passwordNeverExpires?: boolean;
  smartcardRequired?: boolean;
  lastLogonAt?: string | null;
  userAccountControl?: number;
  /** AD: raw pwdLastSet FILETIME as a decimal string */
  pwdLastSetRaw?: string;
  /** Entra: signInSessionsValidFromDateTime, moved by every revocation of sign-in sessions */
  sessionsValidFrom?: string | null;
  /** AD krbtgt: msDS-KeyVersionNumber */
  keyVersionNumber?: number;
  /**
   * AD: when the password hash was last written (the newest originating time of the unicodePwd,
   * ntPwdHistory and supplementalCredentials replication stamps, whole seconds). A smart-card hash
   * roll moves it and not pwdLastSet; null when the metadata could not be read.
   */
  passwordHashChangedAt?: string | null;
  /** which server answered (a DC host or the Graph endpoint) */
  readFrom?: string;
}
