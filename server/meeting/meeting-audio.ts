/**
 * The one audio path of a meeting, shared by the host's socket stream and the LiveKit agent:
 * chunks → spool (crash safety) → TranscriptionService stream → interim (volatile broadcast) and
 * final segments (transcript pipeline). One active source per meeting; opening a new one ends the
 * previous. A host that reconnects resumes its stream by uplink id; ending the meeting drains
 * every stream of it (VAD backlog, queued finals, delivery) before it closes.
 *
 * Opening reads the meeting first (`prepare`, asynchronous); the open itself is one synchronous
 * step, so two opens of one meeting cannot interleave between "which source is active" and "this
 * one is". Finals reach the transcript pipeline in order through final-delivery; interims go to
 * the pipeline's per-meeting queue behind them.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Meeting } from '../../shared/protocol/domain.ts';
import { TranscriptionError } from '../transcription/errors.ts';
import type { AudioChunk, SegmentTiming, TranscriptionService, TranscriptSegment } from '../transcription/types.ts';
import type { Store } from '../db/store.ts';
import { DomainError } from '../errors.ts';
import type { Broadcaster } from './broadcaster.ts';
import type { TranscriptPipeline } from './transcript-pipeline.ts';
import type { AudioSpool, SpoolWriter } from './audio-spool.ts';
import { recoverSpooledAudio } from './audio-recovery.ts';
import { createFinalDelivery } from './final-delivery.ts';
import { createMeetingPromptSource, type MeetingPromptSource } from './meeting-prompt.ts';

/** How long a stream whose sender disconnected stays open for it to resume, ms. */
export const RESUME_GRACE_MS = 30_000;
/** Uplinks whose next chunk number is remembered after their stream ended (oldest forgotten first). */
const MAX_REMEMBERED_UPLINKS = 1000;

import type { MeetingAudio, MeetingAudioStream, OpenOptions, PreparedOpen, SegmentListener, UplinkState } from './meeting-audio-types.ts';

export type { MeetingAudio, MeetingAudioStream, OpenOptions, PreparedOpen, SegmentListener, UplinkState };

/** What `prepare` read for an open. */
interface Prepared {
  meeting: Meeting;
  /** End of the meeting's last stored segment, ms. */
  storedEndMs: number;
  prompt: MeetingPromptSource;
}

export function createMeetingAudio(deps: {
  store: Store;
  transcription: () => TranscriptionService;
  pipeline: TranscriptPipeline;
  broadcaster: Broadcaster;
  log: FastifyBaseLogger;
  /** Crash-recovery spool; null keeps audio in memory only. */
  spool: AudioSpool | null;
}): MeetingAudio {
  const { store, pipeline, log } = deps;
  const active = new Map<string, MeetingAudioStream>();
  /** Every stream not yet fully ended, per meeting (the active one, superseded ones still draining). */
  const open = new Map<string, Set<MeetingAudioStream>>();
  const closing = new Set<string>();
  const graceTimers = new Map<MeetingAudioStream, NodeJS.Timeout>();
  const uplinks = new Map<string, UplinkState>();
  const listeners = new Set<SegmentListener>();
  /** Whisper's prompt per meeting with an open stream (the newest prepared one). */
  const prompts = new Map<string, MeetingPromptSource>();

  const rememberUplink = (meetingId: string, uplinkId: string, state: UplinkState) => {
    const key = `${meetingId}|${uplinkId}`;
    uplinks.delete(key);
    uplinks.set(key, state);
    if (uplinks.size > MAX_REMEMBERED_UPLINKS) uplinks.delete(uplinks.keys().next().value ?? key);
  };

  const finals = createFinalDelivery({
    store: async (meetingId, segment) => {
      await pipeline.onFinal(meetingId, segment);
      // The next decode's prompt ends with this final.
      void prompts.get(meetingId)?.refresh();
    },
    onError: (err, fields) => log.error({ err, ...fields }, 'final transcript segment not stored; kept and retried'),
    onRecovered: (fields) => log.info(fields, 'final transcript segments stored after a storage failure'),
  });

  function emitSegment(meetingId: string, segment: TranscriptSegment): void {
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
    // Evidence for "a word was heard but never reached the transcript": every final, never its text.
    const fields = { meetingId, streamId, segmentId: t.segmentId, audioMs: Math.round(t.audioMs), decodeMs: Math.round(t.decodeMs), queuedMs: Math.round(t.queuedMs), empty: t.empty };
    log.info(fields, t.empty ? 'speech segment yielded no text' : 'transcript segment final');
  }

  async function prepare(meetingId: string): Promise<Prepared> {
    const meeting = await store.meetings.get(meetingId);
    if (!meeting) throw new DomainError('not_found');
    if (meeting.status !== 'live' || closing.has(meetingId)) throw new DomainError('meeting_not_live');
    const [storedEndMs, prompt] = await Promise.all([
      store.segments.lastEndMs(meetingId),
      createMeetingPromptSource(store, meeting, (err) => log.warn({ err, meetingId }, 'transcription prompt not refreshed')),
    ]);
    return { meeting, storedEndMs, prompt };
  }

  function openStream({ meeting, storedEndMs, prompt }: Prepared, sourceLabel: string, options: OpenOptions = {}): MeetingAudioStream {
    const meetingId = meeting.id;
    // Checked again: the meeting may have begun to end while it was being read.
    if (closing.has(meetingId)) throw new DomainError('meeting_not_live');
    const previous = active.get(meetingId);
    // The previous source may still be draining: its finals come first in the transcript.
    const predecessor = previous ? previous.end() : null;

    let service: TranscriptionService;
    try {
      service = deps.transcription();
    } catch (err) {
      log.error({ err }, 'transcription service unavailable');
      throw new DomainError('model_unavailable');
    }
    const streamId = options.streamId ?? randomBytes(4).toString('hex');
    const uplinkId = options.uplinkId ?? null;
    const startOffsetMs = options.startOffsetMs ?? Math.max(storedEndMs, previous?.heardEndMs ?? 0);
    /** Finals held until the predecessor has delivered all of its own. */
    let held: TranscriptSegment[] | null = predecessor ? [] : null;
    const gate = predecessor?.then(() => {
      for (const seg of held ?? []) emitSegment(meetingId, seg);
      held = null;
    });
    const inner = service.openStream(meetingId, {
      onSegment: (seg) => {
        const segment = { ...seg, id: `${streamId}-${seg.id}` };
        if (held && segment.isFinal) held.push(segment);
        else emitSegment(meetingId, segment);
      },
      onTiming: (t) => logTiming(meetingId, streamId, t),
      glossary: meeting.glossary.map((g) => ({ term: g.term, variants: g.variants })),
      // Asked per decode, so glossary or speaker edits during the meeting and the latest finals count.
      prompt: () => (prompts.get(meetingId) ?? prompt).current(),
      startOffsetMs,
      onError: (error) => log.warn({ meetingId, streamId, code: error.code, error: error.message }, 'transcription problem'),
    });
    const spool: SpoolWriter | null =
      options.spool === false || !deps.spool ? null : deps.spool.open({ meetingId, streamId, uplinkId, startOffsetMs, createdAt: new Date().toISOString() });
    let lastChunkSeq = options.lastChunkSeq ?? -1;
    let startKnown = options.lastChunkSeq !== undefined;
    let heardMs = 0;
    let ending: Promise<void> | null = null;

    const take = (chunk: AudioChunk, chunkSeq: number | null): boolean => {
      let writable: boolean;
      try {
        writable = inner.push(chunk);
      } catch (err) {
        if (err instanceof TranscriptionError && err.code === 'AUDIO_INVALID') throw new DomainError('bad_request', ['pcm: invalid audio']);
        if (err instanceof TranscriptionError && err.code === 'AUDIO_BACKLOG_FULL') throw new DomainError('overloaded', ['audio backlog full'], true);
        throw err;
      }
      heardMs += (chunk.samples.length / chunk.channels / chunk.sampleRate) * 1000;
      // Spooled after the recogniser took it and before the sender hears "accepted".
      spool?.append(chunk, chunkSeq);
      // Audio whose final is not stored yet (the database failed) stays in the spool.
      const unsaved = finals.unsavedFromMs(meetingId, `${streamId}-`);
      spool?.trim(unsaved === null ? inner.settledMs() : Math.min(inner.settledMs(), unsaved - startOffsetMs));
      return writable;
    };

    const stream: MeetingAudioStream = {
      streamId,
      sourceLabel,
      uplinkId,
      get lastChunkSeq() {
        return lastChunkSeq;
      },
      get heardEndMs() {
        return startOffsetMs + heardMs;
      },
      get ended() {
        return ending !== null;
      },
      push(chunk) {
        if (ending) return false;
        try {
          return take(chunk, null);
        } catch (err) {
          if (err instanceof DomainError && err.code === 'bad_request') throw err;
          log.warn({ err, meetingId, streamId }, 'audio chunk refused');
          return false;
        }
      },
      accept(chunk, chunkSeq) {
        if (ending) throw new DomainError('conflict', ['audio stream ended: send audio:start']);
        if (!startKnown) {
          // A sender that did not say where it starts: its first chunk does.
          startKnown = true;
          lastChunkSeq = chunkSeq - 1;
        }
        if (chunkSeq <= lastChunkSeq) return { taken: true, writable: true };
        // Out of order (an earlier chunk was refused, e.g. overloaded, and will be re-sent): taking
        // this one now would put the audio out of order or make the earlier one look like a resend.
        if (chunkSeq > lastChunkSeq + 1) return { taken: false, writable: false };
        const writable = take(chunk, chunkSeq);
        lastChunkSeq = chunkSeq;
        return { taken: true, writable };
      },
      forgetBefore(firstChunkSeq) {
        if (firstChunkSeq - 1 <= lastChunkSeq) return;
        log.warn({ meetingId, streamId, missingChunks: firstChunkSeq - 1 - lastChunkSeq }, 'audio chunks lost by the sender (its buffer overflowed)');
        lastChunkSeq = firstChunkSeq - 1;
      },
      drain: () => inner.drain(),
      end() {
        ending ??= (async () => {
          clearTimeout(graceTimers.get(stream));
          graceTimers.delete(stream);
          if (uplinkId) rememberUplink(meetingId, uplinkId, { lastChunkSeq, endMs: startOffsetMs + heardMs });
          try {
            await inner.end();
            await gate;
            await finals.drained(meetingId, `${streamId}-`);
            spool?.close(true);
          } catch (err) {
            // The spool stays: the next boot replays what was not stored.
            spool?.close(false);
            log.error({ err, meetingId, streamId }, 'audio stream end failed');
          } finally {
            if (active.get(meetingId) === stream) active.delete(meetingId);
            open.get(meetingId)?.delete(stream);
            if (open.get(meetingId)?.size === 0) prompts.delete(meetingId);
            log.info({ meetingId, streamId, lastChunkSeq }, 'audio source closed');
          }
        })();
        return ending;
      },
    };
    active.set(meetingId, stream);
    prompts.set(meetingId, prompt);
    let set = open.get(meetingId);
    if (!set) open.set(meetingId, (set = new Set()));
    set.add(stream);
    log.info({ meetingId, streamId, sourceLabel, uplinkId, lastChunkSeq, startOffsetMs }, 'audio source opened');
    return stream;
  }

  const openNow = async (meetingId: string, sourceLabel: string, options?: OpenOptions) => openStream(await prepare(meetingId), sourceLabel, options);

  return {
    async prepare(meetingId) {
      const prepared = await prepare(meetingId);
      return { open: (sourceLabel, options) => openStream(prepared, sourceLabel, options) };
    },
    open: openNow,
    resume(meetingId, uplinkId) {
      const s = active.get(meetingId);
      if (!s || s.ended || s.uplinkId !== uplinkId || closing.has(meetingId)) return null;
      clearTimeout(graceTimers.get(s));
      graceTimers.delete(s);
      log.info({ meetingId, streamId: s.streamId, lastChunkSeq: s.lastChunkSeq }, 'audio source resumed');
      return s;
    },
    suspend(stream, graceMs = RESUME_GRACE_MS) {
      if (stream.ended || graceTimers.has(stream)) return;
      const timer = setTimeout(() => void stream.end(), graceMs);
      timer.unref();
      graceTimers.set(stream, timer);
    },
    uplinkState: (meetingId, uplinkId) => uplinks.get(`${meetingId}|${uplinkId}`) ?? null,
    onSegment(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    active: (meetingId) => active.get(meetingId) ?? null,
    async close(meetingId) {
      closing.add(meetingId);
      await Promise.all([...(open.get(meetingId) ?? [])].map((s) => s.end()));
      open.delete(meetingId);
      prompts.delete(meetingId);
      for (const key of [...uplinks.keys()]) if (key.startsWith(`${meetingId}|`)) uplinks.delete(key);
    },
    async closeAll() {
      await Promise.all([...open.values()].flatMap((set) => [...set]).map((s) => s.end()));
      finals.close();
    },
    pendingFinals: () => finals.pending(),
    recover: () =>
      deps.spool
        ? recoverSpooledAudio({ spool: deps.spool, store, log, open: openNow, rememberUplink, ready: () => deps.transcription().ready() })
        : Promise.resolve({ streams: 0, replayedMs: 0, removed: 0 }),
  };
}
