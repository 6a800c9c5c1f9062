/**
 * At-least-once delivery of a venue's acknowledgements (收到 / 已传达): every click is queued,
 * sent, and resent until the server answers. The server is idempotent on venue × requirement ×
 * kind, so resending is always safe. This module is the pure queue; `store/acks.ts` drives it.
 */
import type { AckKind, ErrorCode } from '../../../shared/protocol/index.ts';

/** One acknowledgement waiting for the server. */
export interface PendingAck {
  requirementId: string;
  kind: AckKind;
  /** Requirement version shown when the venue clicked (what it confirms). */
  version: number;
  /** Sends so far. */
  attempts: number;
  /** Earliest next send, ms since the epoch (caller's clock). */
  notBeforeMs: number;
}

/** First retry delay, ms; doubles per attempt. */
export const ACK_RETRY_BASE_MS = 1_000;
/** Longest wait between retries, ms. */
export const ACK_RETRY_MAX_MS = 15_000;
/** How long one send waits for the server's answer before it counts as lost, ms. */
export const ACK_SEND_TIMEOUT_MS = 5_000;

/** Server errors that will not change on retry: drop the ack and tell the user. */
const FINAL_ERRORS: ReadonlySet<ErrorCode> = new Set(['bad_request', 'forbidden', 'not_found', 'unauthorized', 'conflict']);

export function isFinalError(code: string): boolean {
  return FINAL_ERRORS.has(code as ErrorCode); // a Set lookup; non-server codes are simply absent
}

export function retryDelayMs(attempts: number): number {
  return Math.min(ACK_RETRY_MAX_MS, ACK_RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

/** Add an ack; one already queued for the same requirement and kind takes the newer version. */
export function enqueue(queue: readonly PendingAck[], requirementId: string, kind: AckKind, version: number, nowMs: number): PendingAck[] {
  if (queue.some((p) => p.requirementId === requirementId && p.kind === kind)) {
    return queue.map((p) => (p.requirementId === requirementId && p.kind === kind ? { ...p, version: Math.max(p.version, version) } : p));
  }
  return [...queue, { requirementId, kind, version, attempts: 0, notBeforeMs: nowMs }];
}

/** The acks due for sending now, oldest first. */
export function due(queue: readonly PendingAck[], nowMs: number): PendingAck[] {
  return queue.filter((p) => p.notBeforeMs <= nowMs);
}

/** After a send failed in a retryable way (timeout, disconnect, overload): back off. */
export function markFailed(queue: readonly PendingAck[], target: Pick<PendingAck, 'requirementId' | 'kind'>, nowMs: number): PendingAck[] {
  return queue.map((p) => {
    if (p.requirementId !== target.requirementId || p.kind !== target.kind) return p;
    const attempts = p.attempts + 1;
    return { ...p, attempts, notBeforeMs: nowMs + retryDelayMs(attempts) };
  });
}

/**
 * After the server answered (stored, duplicate, or a final error): forget it. With `storedVersion`,
 * an entry for a newer version (clicked again while the answer was on its way) stays queued.
 */
export function remove(queue: readonly PendingAck[], target: Pick<PendingAck, 'requirementId' | 'kind'>, storedVersion = Infinity): PendingAck[] {
  return queue.filter((p) => p.requirementId !== target.requirementId || p.kind !== target.kind || p.version > storedVersion);
}

/** After a reconnect everything is due again at once. */
export function resetBackoff(queue: readonly PendingAck[], nowMs: number): PendingAck[] {
  return queue.map((p) => ({ ...p, notBeforeMs: nowMs }));
}

/** Parse a queue persisted in localStorage, dropping anything malformed. */
export function parseQueue(raw: string | null): PendingAck[] {
  if (!raw) return [];
  try {
    const value: unknown = JSON.parse(raw);
    if (!Array.isArray(value)) return [];
    return value.flatMap((item: unknown): PendingAck[] => {
      if (typeof item !== 'object' || item === null) return [];
      const { requirementId, kind, version } = item as Record<string, unknown>; // narrowed field by field below
      if (typeof requirementId !== 'string' || (kind !== 'received' && kind !== 'relayed')) return [];
      // Queues saved before versions existed confirmed version 1.
      const v = typeof version === 'number' && Number.isInteger(version) && version > 0 ? version : 1;
      return [{ requirementId, kind, version: v, attempts: 0, notBeforeMs: 0 }];
    });
  } catch {
    return [];
  }
}
