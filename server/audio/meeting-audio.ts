/**
 * The one audio path of a meeting, shared by the host's socket stream and the LiveKit agent:
 * chunks → TranscriptionService stream → interim (volatile broadcast) and final segments
 * (transcript pipeline). One active source per meeting; opening a new one ends the previous.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { meetingPrompt, PROMPT_RECENT_SEGMENTS } from '../../shared/transcript/prompt.ts';
import { TranscriptionError } from '../transcription/errors.ts';
import type { AudioChunk, TranscriptionService, TranscriptSegment } from '../transcription/types.ts';
import type { Store } from '../db/store.ts';
import { DomainError } from '../errors.ts';
import type { Broadcaster } from '../meeting/broadcaster.ts';
import type { TranscriptPipeline } from '../meeting/transcript-pipeline.ts';

/** An open audio source of one meeting. */
export interface MeetingAudioStream {
  readonly streamId: string;
  readonly sourceLabel: string;
  /** False when the recogniser queue is full: slow down. Chunks after end() are dropped (false). */
  push(chunk: AudioChunk): boolean;
  /** Close the utterance; resolves when every final segment was stored and broadcast. */
  end(): Promise<void>;
  /** Resolves when push() would accept again (for feeders that can wait, e.g. files). */
  drain(): Promise<void>;
  readonly ended: boolean;
}

export type SegmentListener = (meetingId: string, segment: TranscriptSegment) => void;

export interface MeetingAudio {
  /** Open the meeting's audio source (meeting must be live); ends the previous source. */
  open(meetingId: string, sourceLabel: string): MeetingAudioStream;
  /** Every interim and final segment of every meeting (ids are meeting-unique); returns unsubscribe. */
  onSegment(listener: SegmentListener): () => void;
  /** The active source of a meeting, if any. */
  active(meetingId: string): MeetingAudioStream | null;
  /** End the meeting's source, waiting for its final segments. */
  close(meetingId: string): Promise<void>;
  closeAll(): Promise<void>;
}

export function createMeetingAudio(deps: {
  store: Store;
  transcription: () => TranscriptionService;
  pipeline: TranscriptPipeline;
  broadcaster: () => Broadcaster;
  log: FastifyBaseLogger;
}): MeetingAudio {
  const { store, pipeline, log } = deps;
  const active = new Map<string, MeetingAudioStream>();
  const listeners = new Set<SegmentListener>();

  function open(meetingId: string, sourceLabel: string): MeetingAudioStream {
    const meeting = store.meetings.get(meetingId);
    if (!meeting) throw new DomainError('not_found');
    if (meeting.status !== 'live') throw new DomainError('meeting_not_live');
    const previous = active.get(meetingId);
    if (previous) void previous.end();

    let service: TranscriptionService;
    try {
      service = deps.transcription();
    } catch (err) {
      log.error({ err }, 'transcription service unavailable');
      throw new DomainError('model_unavailable');
    }
    const streamId = randomBytes(4).toString('hex');
    const onSegment = (seg: TranscriptSegment) => {
      const segment = { ...seg, id: `${streamId}-${seg.id}` };
      try {
        if (segment.isFinal) pipeline.onFinal(meetingId, segment);
        else {
          deps.broadcaster().interim({ meetingId, segmentId: segment.id, startMs: segment.startMs, endMs: segment.endMs, text: segment.text });
          pipeline.onInterim(meetingId, segment);
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
    };
    const inner = service.openStream(meetingId, {
      onSegment,
      glossary: meeting.glossary.map((g) => ({ term: g.term, variants: g.variants })),
      // Read per decode, so glossary or speaker edits during the meeting and the latest finals count.
      prompt: () => meetingPrompt(store.meetings.get(meetingId) ?? meeting, store.segments.recentTexts(meetingId, PROMPT_RECENT_SEGMENTS)),
      startOffsetMs: store.segments.lastEndMs(meetingId),
      onError: (error) => log.warn({ meetingId, streamId, code: error.code, error: error.message }, 'transcription problem'),
    });
    let ending: Promise<void> | null = null;
    const stream: MeetingAudioStream = {
      streamId,
      sourceLabel,
      get ended() {
        return ending !== null;
      },
      push(chunk) {
        if (ending) return false;
        try {
          return inner.push(chunk);
        } catch (err) {
          // The recogniser refuses malformed chunks by throwing; the caller gets a wire code.
          if (err instanceof TranscriptionError && err.code === 'AUDIO_INVALID') throw new DomainError('bad_request', ['pcm: invalid audio']);
          log.warn({ err, meetingId, streamId }, 'audio chunk refused');
          return false;
        }
      },
      drain: () => inner.drain(),
      end() {
        ending ??= inner
          .end()
          .catch((err: unknown) => log.error({ err, meetingId, streamId }, 'audio stream end failed'))
          .finally(() => {
            if (active.get(meetingId) === stream) active.delete(meetingId);
          });
        return ending;
      },
    };
    active.set(meetingId, stream);
    log.info({ meetingId, streamId, sourceLabel }, 'audio source opened');
    return stream;
  }

  return {
    open,
    onSegment(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    active: (meetingId) => active.get(meetingId) ?? null,
    async close(meetingId) {
      await active.get(meetingId)?.end();
    },
    async closeAll() {
      await Promise.all([...active.values()].map((s) => s.end()));
    },
  };
}
