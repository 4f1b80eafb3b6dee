// Catalog codes to HTTP statuses (the server is, with the CLI, the only place that maps codes).
import type { ErrorCode } from '../core/errors/error-catalog.ts';
import { errorCatalog } from '../core/errors/error-catalog.ts';

const statuses: Partial<Record<ErrorCode, number>> = {
  AUTH_REQUIRED: 401,
  PERMISSION_DENIED: 403,
  IDENTITY_PROTECTED: 403,
  NOT_FOUND: 404,
  IDENTITY_NOT_FOUND: 404,
  INPUT_INVALID: 400,
  USAGE_INVALID: 400,
  ACCOUNT_LOCKED: 429,
  SECOND_APPROVER_REQUIRED: 409,
  PLAN_NOT_APPROVED: 409,
  STORE_CONFLICT: 409,
  ALREADY_EXISTS: 409,
  TOO_EARLY: 409,
  TASK_TRANSITION_REFUSED: 409,
  KILL_SWITCH_ENGAGED: 409,
  NOT_SUPPORTED: 422,
  UNEXPECTED: 500,
};

export function httpStatus(code: ErrorCode): number {
  return statuses[code] ?? (errorCatalog[code].retryable ? 503 : 422);
}
