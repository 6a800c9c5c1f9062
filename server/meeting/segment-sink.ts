/**
 * Where a meeting's recognised segments go: finals to the transcript pipeline in order (through
 * final-delivery, which keeps and retries what storage refused), interims to the venues at once
 * (volatile) and to the pipeline's preview, and every segment to the listeners (LiveKit captions).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { SegmentTiming, TranscriptSegment } from '../transcription/types.ts';
import { LeaseLostError } from './asr-lease.ts';
import type { Broadcaster } from './broadcaster.ts';
import { createFinalDelivery, type FinalDelivery } from './final-delivery.ts';
import type { SegmentListener } from './meeting-audio-types.ts';
import type { TranscriptPipeline } from './transcript-pipeline.ts';

export interface SegmentSink {
  finals: FinalDelivery;
  emit(meetingId: string, segment: TranscriptSegment): void;
  /** Log each final's timing: the evidence for "a word was heard but never reached the transcript". */
  logTiming(meetingId: string, streamId: string, t: SegmentTiming): void;
  onSegment(listener: SegmentListener): () => void;
}

export function createSegmentSink(deps: {
  pipeline: TranscriptPipeline;
  broadcaster: Broadcaster;
  log: FastifyBaseLogger;
  /** A final of the meeting was stored (the next decode's prompt ends with it). */
  stored: (meetingId: string) => void;
}): SegmentSink {
  const { pipeline, log } = deps;
  const listeners = new Set<SegmentListener>();

  const finals = createFinalDelivery({
    store: async (meetingId, segment) => {
      try {
        await pipeline.onFinal(meetingId, segment);
      } catch (err) {
        // The node that took the meeting over transcribes this audio again from the sender's resend.
        if (!(err instanceof LeaseLostError)) throw err;
        log.warn({ meetingId, segmentId: segment.id }, 'final segment not stored: the asr lease passed to another node');
        return;
      }
      deps.stored(meetingId);
    },
    onError: (err, fields) => log.error({ err, ...fields }, 'final transcript segment not stored; kept and retried'),
    onRecovered: (fields) => log.info(fields, 'final transcript segments stored after a storage failure'),
  });

  function emit(meetingId: string, segment: TranscriptSegment): void {
    try {
      if (segment.isFinal) finals.deliver(meetingId, segment);
      else {
        deps.broadcaster.interim({ meetingId, segmentId: segment.id, startMs: segment.startMs, endMs: segment.endMs, text: segment.text });
        pipeline.onInterim(meetingId, segment).catch((err: unknown) => log.error({ err, meetingId, segmentId: segment.id }, 'interim segment handling failed'));
      }
    } catch (err) {
      log.error({ err, meetingId, segmentId: segment.id }, 'segment handling failed');
    }
    for (const l of listeners) {
      try {
        l(meetingId, segment);
      } catch (err) {
        log.error({ err }, 'segment listener failed');
      }
    }
  }

  function logTiming(meetingId: string, streamId: string, t: SegmentTiming): void {
    if (t.kind !== 'final') return;
    // Every final, never its text.
    const fields = { meetingId, streamId, segmentId: t.segmentId, audioMs: Math.round(t.audioMs), decodeMs: Math.round(t.decodeMs), queuedMs: Math.round(t.queuedMs), empty: t.empty };
    log.info(fields, t.empty ? 'speech segment yielded no text' : 'transcript segment final');
  }

  return {
    finals,
    emit,
    logTiming,
    onSegment(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
