/**
 * Final transcript segments reach the database even when it fails for a while: a final that
 * could not be stored (read-only or full disk, a deleted file) is kept in order with every later
 * final of its meeting and retried with backoff until it is stored — never dropped. Meanwhile its
 * stream's spool keeps the audio (meeting-audio asks `unsavedFromMs` before trimming and waits
 * for `drained` before deleting), so a restart replays it too. One meeting's finals are stored
 * one at a time, in order: the next is handed over only when the previous one is stored.
 */
import type { TranscriptSegment } from '../transcription/types.ts';

/** First retry after this long, ms; doubled per failure up to RETRY_MAX_MS. */
export const RETRY_FIRST_MS = 250;
export const RETRY_MAX_MS = 5000;

export interface FinalDeliveryDeps {
  /** Store one final (rejects when it cannot); must be idempotent by segment id. */
  store(meetingId: string, segment: TranscriptSegment): Promise<unknown>;
  onError(err: unknown, fields: { meetingId: string; segmentId: string; attempt: number; pending: number }): void;
  onRecovered(fields: { meetingId: string; stored: number }): void;
}

export interface FinalDelivery {
  /** Store now (handed to `store` before this returns), or queue behind earlier unsaved finals of the meeting. */
  deliver(meetingId: string, segment: TranscriptSegment): void;
  /** Earliest start (meeting timeline, ms) of an unsaved final whose id starts with `idPrefix`; null if none. */
  unsavedFromMs(meetingId: string, idPrefix: string): number | null;
  /** Resolves once no final with `idPrefix` waits any more. */
  drained(meetingId: string, idPrefix: string): Promise<void>;
  /** Finals waiting, over all meetings. */
  pending(): number;
  close(): void;
}

interface MeetingQueue {
  segments: TranscriptSegment[];
  attempt: number;
  timer: NodeJS.Timeout | null;
  waiters: { idPrefix: string; resolve: () => void }[];
}

export function createFinalDelivery(deps: FinalDeliveryDeps): FinalDelivery {
  const queues = new Map<string, MeetingQueue>();
  let closed = false;

  const has = (q: MeetingQueue, idPrefix: string) => q.segments.some((s) => s.id.startsWith(idPrefix));

  function settleWaiters(q: MeetingQueue): void {
    q.waiters = q.waiters.filter((w) => {
      if (has(q, w.idPrefix)) return true;
      w.resolve();
      return false;
    });
  }

  /**
   * Store the meeting's queued finals in order; on a failure, retry later. Never rejects. The
   * first `store` call happens before the first await, so a final delivered to an idle queue is
   * handed over in the caller's turn (ahead of anything the caller does next for the meeting).
   */
  async function flush(meetingId: string): Promise<void> {
    const q = queues.get(meetingId);
    if (!q) return;
    q.timer = null;
    let stored = 0;
    while (q.segments.length > 0) {
      const segment = q.segments[0];
      if (!segment) break;
      try {
        await deps.store(meetingId, segment);
      } catch (err) {
        q.attempt += 1;
        try {
          deps.onError(err, { meetingId, segmentId: segment.id, attempt: q.attempt, pending: q.segments.length });
        } catch {
          // A failing reporter must not stop the retries.
        }
        const waitMs = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** Math.min(10, q.attempt - 1));
        // After close the database is going away: what is left stays in the spool for the next boot.
        if (!closed) {
          q.timer = setTimeout(() => void flush(meetingId), waitMs);
          q.timer.unref();
        }
        settleWaiters(q);
        return;
      }
      q.segments.shift();
      stored += 1;
    }
    queues.delete(meetingId);
    settleWaiters(q);
    if (q.attempt > 0) {
      try {
        deps.onRecovered({ meetingId, stored });
      } catch {
        // Only a log line.
      }
    }
  }

  return {
    deliver(meetingId, segment) {
      const q = queues.get(meetingId);
      if (q) {
        q.segments.push(segment);
        return;
      }
      queues.set(meetingId, { segments: [segment], attempt: 0, timer: null, waiters: [] });
      void flush(meetingId);
    },
    unsavedFromMs(meetingId, idPrefix) {
      const q = queues.get(meetingId);
      let from: number | null = null;
      for (const s of q?.segments ?? []) if (s.id.startsWith(idPrefix)) from = Math.min(from ?? s.startMs, s.startMs);
      return from;
    },
    drained(meetingId, idPrefix) {
      const q = queues.get(meetingId);
      if (!q || !has(q, idPrefix)) return Promise.resolve();
      return new Promise((resolve) => q.waiters.push({ idPrefix, resolve }));
    },
    pending: () => [...queues.values()].reduce((n, q) => n + q.segments.length, 0),
    close() {
      closed = true;
      for (const q of queues.values()) if (q.timer) clearTimeout(q.timer);
    },
  };
}
