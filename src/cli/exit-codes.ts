import type { ErrorCode } from '../core/errors/error-catalog.ts';

/** The documented exit codes (README "Exit codes"). Only the entry point calls process.exit. */
export const EXIT = {
  OK: 0,
  UNEXPECTED: 1,
  USAGE_OR_CONFIG: 2,
  SOME_IDENTITIES_FAILED: 3,
  REFUSED: 4,
  UNAVAILABLE: 5,
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const byCode: Partial<Record<ErrorCode, ExitCode>> = {
  CONFIG_INVALID: EXIT.USAGE_OR_CONFIG,
  USAGE_INVALID: EXIT.USAGE_OR_CONFIG,
  INPUT_INVALID: EXIT.USAGE_OR_CONFIG,
  SECRET_UNAVAILABLE: EXIT.USAGE_OR_CONFIG,
  INSECURE_TRANSPORT: EXIT.USAGE_OR_CONFIG,
  TLS_CERTIFICATE_INVALID: EXIT.USAGE_OR_CONFIG,
  PASSWORD_KEY_MISMATCH: EXIT.USAGE_OR_CONFIG,
  // the configured bind account or its password is wrong: configuration, not a bug (issue 15)
  SERVICE_ACCOUNT_LOGON_FAILED: EXIT.USAGE_OR_CONFIG,
  // what the command names (a campaign, plan version, console operator) is not in the store, or is already there
  NOT_FOUND: EXIT.USAGE_OR_CONFIG,
  ALREADY_EXISTS: EXIT.USAGE_OR_CONFIG,
  INCOMPLETE: EXIT.SOME_IDENTITIES_FAILED,
  PLAN_NOT_APPROVED: EXIT.REFUSED,
  SECOND_APPROVER_REQUIRED: EXIT.REFUSED,
  KILL_SWITCH_ENGAGED: EXIT.REFUSED,
  CONFIRMATION_REQUIRED: EXIT.REFUSED,
  IDENTITY_PROTECTED: EXIT.REFUSED,
  TOO_EARLY: EXIT.REFUSED,
  CAMPAIGN_CLOSED: EXIT.REFUSED,
  // an approving command without a proven operator account, or with a role that may not approve
  AUTH_REQUIRED: EXIT.REFUSED,
  PERMISSION_DENIED: EXIT.REFUSED,
  ACCOUNT_LOCKED: EXIT.REFUSED,
  TASK_TRANSITION_REFUSED: EXIT.REFUSED,
  // something Reclaim depends on cannot be reached or used now: run the command again when it is back
  DIRECTORY_UNAVAILABLE: EXIT.UNAVAILABLE,
  DIRECTORY_BUSY: EXIT.UNAVAILABLE,
  DIRECTORY_THROTTLED: EXIT.UNAVAILABLE,
  OUTCOME_UNKNOWN: EXIT.UNAVAILABLE,
  STORE_UNAVAILABLE: EXIT.UNAVAILABLE,
  STORE_CONFLICT: EXIT.UNAVAILABLE,
  SMTP_UNAVAILABLE: EXIT.UNAVAILABLE,
  ADDRESS_IN_USE: EXIT.UNAVAILABLE,
  LAB_UNAVAILABLE: EXIT.UNAVAILABLE,
  INTERRUPTED: EXIT.INTERRUPTED,
};

export function exitCodeFor(code: ErrorCode): ExitCode {
  return byCode[code] ?? EXIT.UNEXPECTED;
}

/** The catalog code a bare exit code stands for (an ExitError that names none). */
export function codeForExit(exit: ExitCode): ErrorCode {
  return (
    (
      {
        [EXIT.USAGE_OR_CONFIG]: 'USAGE_INVALID',
        [EXIT.SOME_IDENTITIES_FAILED]: 'INCOMPLETE',
        [EXIT.REFUSED]: 'CONFIRMATION_REQUIRED',
        [EXIT.INTERRUPTED]: 'INTERRUPTED',
      } as Partial<Record<ExitCode, ErrorCode>>
    )[exit] ?? 'UNEXPECTED'
  );
}
