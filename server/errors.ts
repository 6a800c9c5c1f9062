/**
 * Domain errors carry a wire code from shared/protocol/errors.ts; only these codes (with their
 * Chinese message) ever reach a client. Anything else becomes `internal` and is logged.
 */
import { ERROR_MESSAGES, wireError, type ErrorCode, type WireError } from '../shared/protocol/errors.ts';
import { isStorageError } from './db/storage-health.ts';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details?: string[],
    /** True when the same request may succeed later (overloaded, model loading). */
    readonly retryable = false,
  ) {
    super(`${code}: ${ERROR_MESSAGES[code]}${details ? ` (${details.join('; ')})` : ''}`);
    this.name = 'DomainError';
  }

  toWire(): WireError {
    return wireError(this.code, this.details);
  }
}

/** HTTP status for each wire code. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  payload_too_large: 413,
  unauthorized: 401,
  invalid_credentials: 401,
  login_required: 401,
  forbidden: 403,
  not_found: 404,
  invalid_join_code: 404,
  rate_limited: 429,
  conflict: 409,
  meeting_not_live: 409,
  meeting_closed: 409,
  model_unavailable: 503,
  overloaded: 503,
  internal: 500,
  livekit_disabled: 404,
  livekit_unavailable: 502,
  task_state: 409,
  remind_too_soon: 429,
  deadline_invalid: 400,
  unsupported_file: 415,
  evidence_required: 400,
  csv_encoding: 400,
  capture_busy: 409,
  storage_unavailable: 503,
  transcribing_elsewhere: 503,
};

/**
 * Map any thrown value to a wire error; unknown errors never leak their message. A storage
 * failure (read-only or full disk) is `storage_unavailable`: retryable, and not the caller's fault.
 */
export function toWireError(err: unknown): WireError {
  if (err instanceof DomainError) return err.toWire();
  return wireError(isStorageError(err) ? 'storage_unavailable' : 'internal');
}

/** Short, developer-facing summary of zod issues (`path: message`). */
export function zodDetails(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string[] {
  return issues.slice(0, 10).map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
}
