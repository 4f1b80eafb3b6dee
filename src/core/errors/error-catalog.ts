// The one catalog of error codes. Adapters translate foreign errors (LDAP result codes, Graph
// error bodies) into these codes at their boundary; only the CLI and the server map codes to exit
// codes and HTTP statuses. Tests assert codes, not prose.
export const errorCatalog = {
  // configuration and usage
  CONFIG_INVALID: { retryable: false, message: 'The configuration is invalid' },
  USAGE_INVALID: { retryable: false, message: 'The command was called with invalid arguments' },
  INPUT_INVALID: { retryable: false, message: 'An input file is invalid' },
  SECRET_UNAVAILABLE: { retryable: false, message: 'A secret reference could not be resolved' },
  PASSWORD_KEY_MISMATCH: {
    retryable: false,
    message: 'engine.passwordKey is not the key this campaign was started with',
  },
  // reaching a directory
  DIRECTORY_UNAVAILABLE: { retryable: true, message: 'The directory could not be reached' },
  DIRECTORY_BUSY: { retryable: true, message: 'The directory is busy; try again shortly' },
  DIRECTORY_THROTTLED: { retryable: true, message: 'The directory asked us to slow down' },
  OUTCOME_UNKNOWN: {
    retryable: true,
    message:
      'The directory did not answer in time; the write may still be applied (retry with the same value and read back)',
  },
  INSECURE_TRANSPORT: { retryable: false, message: 'Refused to write over an unencrypted connection' },
  TLS_CERTIFICATE_INVALID: { retryable: false, message: 'The directory certificate could not be verified' },
  // authentication of the operator's service account
  SERVICE_ACCOUNT_LOGON_FAILED: { retryable: false, message: "Reclaim's own service account could not sign in" },
  // per-identity outcomes
  INSUFFICIENT_RIGHTS: { retryable: false, message: 'The service account may not change this identity' },
  PASSWORD_POLICY_REJECTED: { retryable: false, message: 'The directory rejected the generated password' },
  IDENTITY_NOT_FOUND: { retryable: false, message: 'The identity no longer exists in the directory' },
  IDENTITY_PROTECTED: { retryable: false, message: 'This identity is protected and is never changed' },
  IDENTITY_MASTERED_ON_PREMISES: {
    retryable: false,
    message: 'This identity is synchronised from Active Directory; change it there',
  },
  CHANGE_DID_NOT_STICK: {
    retryable: false,
    message: 'The directory accepted the change, but reading it back shows it did not take effect',
  },
  METHODS_REMAIN: {
    retryable: false,
    message: 'Some authentication methods are still registered: the removal is incomplete',
  },
  CONCURRENT_MODIFICATION: { retryable: true, message: 'The identity changed while we were writing it' },
  CONSTRAINT_VIOLATION: { retryable: false, message: 'The directory refused the change as invalid' },
  NOT_SUPPORTED: { retryable: false, message: 'This directory does not support the operation' },
  // credentials of an end user (seen by verification and by real-client checks)
  INVALID_CREDENTIALS: { retryable: false, message: 'The user name or password is wrong' },
  PASSWORD_MUST_CHANGE: { retryable: false, message: 'The password must be changed before signing in' },
  PASSWORD_EXPIRED: { retryable: false, message: 'The password has expired' },
  ACCOUNT_DISABLED: { retryable: false, message: 'The account is disabled' },
  ACCOUNT_LOCKED: { retryable: false, message: 'The account is locked out' },
  ACCOUNT_EXPIRED: { retryable: false, message: 'The account has expired' },
  LOGON_NOT_PERMITTED: { retryable: false, message: 'Sign-in is not permitted at this time or from this workstation' },
  // guardrails
  PLAN_NOT_APPROVED: { retryable: false, message: 'The plan has not been approved' },
  SECOND_APPROVER_REQUIRED: { retryable: false, message: 'A second operator must approve this' },
  KILL_SWITCH_ENGAGED: { retryable: false, message: 'The campaign is paused by the kill switch' },
  CONFIRMATION_REQUIRED: { retryable: false, message: 'This command changes directories; confirm with --yes' },
  TOO_EARLY: { retryable: false, message: 'It is too early for this step' },
  REQUEST_ABANDONED: {
    retryable: false,
    message: 'The request was interrupted before its write landed; nothing was changed: ask again',
  },
  CAMPAIGN_CLOSED: { retryable: false, message: 'The campaign is aborted or completed: nothing more is written' },
  TASK_TRANSITION_REFUSED: {
    retryable: false,
    message: 'This manual task cannot move that way now (its state or its assignee)',
  },
  // store
  STORE_UNAVAILABLE: { retryable: true, message: 'The store could not be reached' },
  STORE_CONFLICT: { retryable: true, message: 'Another process changed the same record' },
  NOT_FOUND: { retryable: false, message: 'No such record' },
  ALREADY_EXISTS: { retryable: false, message: 'It already exists' },
  // the operator console
  AUTH_REQUIRED: { retryable: false, message: 'Sign in to the console first' },
  PERMISSION_DENIED: { retryable: false, message: 'Your console role does not allow this' },
  // notices (email)
  SMTP_UNAVAILABLE: { retryable: true, message: 'The mail server could not be reached or is busy' },
  NOTICE_REJECTED: { retryable: false, message: 'The mail server refused the notice' },
  NOTICE_NO_RECIPIENT: { retryable: false, message: 'No address is known to send this notice to' },
  // lab
  LAB_UNAVAILABLE: { retryable: false, message: 'The lab could not be started' },
  // the console
  ADDRESS_IN_USE: { retryable: true, message: 'Another program already listens on this address and port' },
  // how a command ended (the CLI's exit codes 3 and 130)
  INCOMPLETE: { retryable: false, message: 'Finished, but some items failed or were missed (listed in the output)' },
  INTERRUPTED: { retryable: false, message: 'Interrupted: the state is saved and the command resumes' },
  UNEXPECTED: { retryable: false, message: 'An unexpected error occurred (a bug: please report it)' },
} as const satisfies Record<string, { retryable: boolean; message: string }>;

export type ErrorCode = keyof typeof errorCatalog;

export function isRetryable(code: ErrorCode): boolean {
  return errorCatalog[code].retryable;
}
