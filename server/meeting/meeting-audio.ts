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
 *
 * With several nodes, `prepare` first takes the meeting's ASR lease (asr-lease.ts): the meeting's
 * audio is open on one node at a time. Each host uplink stream keeps a handover point (the first
 * chunk not yet stored, renewed into the lease row), from which a node taking the meeting over has
 * the sender resend its recent audio; if the lease is lost, this node's streams of the meeting end
 * and their finals are fenced off rather than stored twice. A console taking the capture over on
 * another node (`handOff`): this node's streams end, their finals stored, the lease goes there.
 */
import { randomBytes } from 'node:crypto';
import { TranscriptionError } from '../transcription/errors.ts';
import type { AudioChunk, TranscriptionService, TranscriptSegment } from '../transcription/types.ts';
import { DomainError } from '../errors.ts';
import type { SpoolWriter } from './audio-spool.ts';
import { recoverSpooledAudio } from './audio-recovery.ts';
import { createAudioPreparer } from './audio-prepare.ts';
import { createAudioStreams } from './audio-streams.ts';
import { createSegmentSink } from './segment-sink.ts';
import type { MeetingPromptSource } from './meeting-prompt.ts';
import { chunkDurationMs, createHandoverTracker, createUplinkMemory, skipHeard, type HandoverTracker } from './uplink-handover.ts';

/** How long a stream whose sender disconnected stays open for it to resume, ms. */
export const RESUME_GRACE_MS = 30_000;

import type { MeetingAudio, MeetingAudioDeps, MeetingAudioStream, OpenOptions, Prepared, UplinkHandover } from './meeting-audio-types.ts';

export type { MeetingAudio, MeetingAudioDeps, MeetingAudioStream, OpenOptions, PreparedOpen, SegmentListener, UplinkState } from './meeting-audio-types.ts';

export function createMeetingAudio(deps: MeetingAudioDeps): MeetingAudio {
  const { store, pipeline, log } = deps;
  const streams = createAudioStreams();
  const closing = new Set<string>();
  /** Meetings whose audio is being handed to the node a console took the capture over on. */
  const yielding = new Set<string>();
  const uplinks = createUplinkMemory();
  /** Whisper's prompt per meeting with an open stream (the newest prepared one). */
  const prompts = new Map<string, MeetingPromptSource>();
  /** The latest handover point of each meeting's last host uplink stream on this node. */
  const handovers = new Map<string, UplinkHandover>();
  const lease = deps.lease ?? null;

  const sink = createSegmentSink({
    pipeline, broadcaster: deps.broadcaster, log,
    stored: (meetingId) => void prompts.get(meetingId)?.refresh(),
  });
  const { finals } = sink;

  const prepare = createAudioPreparer(deps, { closing, yielding });

  function openStream({ meeting, storedEndMs, prompt }: Prepared, sourceLabel: string, options: OpenOptions = {}): MeetingAudioStream {
    const meetingId = meeting.id;
    // Checked again: the meeting may have begun to end while it was being read.
    if (closing.has(meetingId)) throw new DomainError('meeting_not_live');
    const previous = streams.active(meetingId);
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
      for (const seg of held ?? []) sink.emit(meetingId, seg);
      held = null;
    });
    const inner = service.openStream(meetingId, {
      onSegment: (seg) => {
        const segment = { ...seg, id: `${streamId}-${seg.id}` };
        if (held && segment.isFinal) held.push(segment);
        else sink.emit(meetingId, segment);
      },
      onTiming: (t) => sink.logTiming(meetingId, streamId, t),
      glossary: meeting.glossary.map((g) => ({ term: g.term, variants: g.variants })),
      // Asked per decode, so glossary or speaker edits during the meeting and the latest finals count.
      prompt: () => (prompts.get(meetingId) ?? prompt).current(),
      startOffsetMs,
      onError: (error) => log.warn({ meetingId, streamId, code: error.code, error: error.message }, 'transcription problem'),
    });
    const spool: SpoolWriter | null =
      options.spool === false || !deps.spool
        ? null
        : deps.spool.open({ meetingId, streamId, uplinkId, startOffsetMs, createdAt: new Date().toISOString(), leaseEpoch: lease?.epoch(meetingId) ?? null });
    let lastChunkSeq = options.lastChunkSeq ?? -1;
    let startKnown = options.lastChunkSeq !== undefined;
    let heardMs = 0;
    let ending: Promise<void> | null = null;
    /** Audio still to be taken without hearing it (the previous holder transcribed it), ms. */
    let toSkip = options.skipMs ?? 0;
    const tracker: HandoverTracker | null = uplinkId === null ? null : createHandoverTracker(uplinkId, streamId, startOffsetMs,
      options.resumePoint
        ? { uplinkId, streamId, ...options.resumePoint }
        : startKnown ? { uplinkId, streamId, chunkSeq: lastChunkSeq + 1, atMs: startOffsetMs } : null);

    const take = (chunk: AudioChunk, chunkSeq: number | null): boolean => {
      if (chunkSeq !== null) tracker?.arrived(chunkSeq, heardMs);
      const skipped = skipHeard(chunk, toSkip);
      toSkip = skipped.leftMs;
      const heard = skipped.heard;
      if (heard === null) return true;
      let writable: boolean;
      try {
        writable = inner.push(heard);
      } catch (err) {
        if (err instanceof TranscriptionError && err.code === 'AUDIO_INVALID') throw new DomainError('bad_request', ['pcm: invalid audio']);
        if (err instanceof TranscriptionError && err.code === 'AUDIO_BACKLOG_FULL') throw new DomainError('overloaded', ['audio backlog full'], true);
        throw err;
      }
      if (chunkSeq !== null && heard === chunk) tracker?.heard(chunkSeq, heardMs);
      heardMs += chunkDurationMs(heard);
      // Spooled after the recogniser took it and before the sender hears "accepted".
      spool?.append(heard, chunkSeq);
      // Audio whose final is not stored yet (the database failed) stays in the spool.
      const unsaved = finals.unsavedFromMs(meetingId, `${streamId}-`);
      spool?.trim(unsaved === null ? inner.settledMs() : Math.min(inner.settledMs(), unsaved - startOffsetMs));
      return writable;
    };

    /** Move the handover point up to the last whole chunk that starts where everything before is stored. */
    const handover = (): UplinkHandover | null => {
      if (tracker === null || tracker.current() === null) return null;
      // The predecessor's finals (and so this stream's, held behind them) are not stored yet.
      if (held) return tracker.current();
      const unsaved = finals.unsavedFromMs(meetingId, `${streamId}-`);
      const point = tracker.advance(Math.min(inner.settledMs(), unsaved === null ? Infinity : unsaved - startOffsetMs));
      if (point) handovers.set(meetingId, point);
      return point;
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
      handover,
      end() {
        ending ??= (async () => {
          streams.unsuspend(stream);
          if (uplinkId) uplinks.remember(meetingId, uplinkId, { lastChunkSeq, endMs: startOffsetMs + heardMs });
          try {
            await inner.end();
            await gate;
            await finals.drained(meetingId, `${streamId}-`);
            spool?.close(true);
            // Everything taken is stored: a later holder goes on after the last chunk.
            if (uplinkId !== null && toSkip <= 0 && lastChunkSeq >= 0) handovers.set(meetingId, { uplinkId, streamId, chunkSeq: lastChunkSeq + 1, atMs: startOffsetMs + heardMs });
          } catch (err) {
            // The spool stays: the next boot replays what was not stored.
            spool?.close(false);
            log.error({ err, meetingId, streamId }, 'audio stream end failed');
          } finally {
            if (streams.remove(meetingId, stream)) {
              prompts.delete(meetingId);
              // Another node may take the meeting's audio at once (a host console sent there).
              void lease?.releaseIfIdle(meetingId);
            }
            log.info({ meetingId, streamId, lastChunkSeq }, 'audio source closed');
          }
        })();
        return ending;
      },
    };
    streams.add(meetingId, stream);
    prompts.set(meetingId, prompt);
    log.info({ meetingId, streamId, sourceLabel, uplinkId, lastChunkSeq, startOffsetMs }, 'audio source opened');
    return stream;
  }

  const openNow = async (meetingId: string, sourceLabel: string, options?: OpenOptions) => openStream(await prepare(meetingId), sourceLabel, options);

  lease?.use({
    inUse: (meetingId) => streams.of(meetingId).length > 0,
    handover: (meetingId) => {
      const a = streams.active(meetingId);
      return (a?.uplinkId ? a.handover() : null) ?? handovers.get(meetingId);
    },
    lost: (meetingId) => {
      // Whatever these streams still decode is fenced off: the new holder hears it again.
      for (const s of streams.of(meetingId)) void s.end();
    },
  });

  return {
    async prepare(meetingId) {
      const prepared = await prepare(meetingId);
      return { storedEndMs: prepared.storedEndMs, handover: prepared.handover, open: (sourceLabel, options) => openStream(prepared, sourceLabel, options) };
    },
    open: openNow,
    resume(meetingId, uplinkId) {
      const s = streams.active(meetingId);
      if (!s || s.ended || s.uplinkId !== uplinkId || closing.has(meetingId)) return null;
      streams.unsuspend(s);
      log.info({ meetingId, streamId: s.streamId, lastChunkSeq: s.lastChunkSeq }, 'audio source resumed');
      return s;
    },
    suspend: (stream, graceMs = RESUME_GRACE_MS) => streams.suspend(stream, graceMs),
    uplinkState: (meetingId, uplinkId) => uplinks.get(meetingId, uplinkId),
    onSegment: (listener) => sink.onSegment(listener),
    active: (meetingId) => streams.active(meetingId),
    nodeId: lease?.nodeId ?? null,
    holds: (meetingId) => lease?.epoch(meetingId) != null,
    async handOff(meetingId, toNode) {
      if (!lease) return false;
      yielding.add(meetingId);
      try {
        await Promise.all(streams.of(meetingId).map((s) => s.end()));
        return await lease.handOff(meetingId, toNode);
      } finally {
        yielding.delete(meetingId);
      }
    },
    async close(meetingId) {
      closing.add(meetingId);
      await Promise.all(streams.of(meetingId).map((s) => s.end()));
      streams.forgetMeeting(meetingId);
      prompts.delete(meetingId);
      handovers.delete(meetingId);
      uplinks.forgetMeeting(meetingId);
    },
    async closeAll() {
      await Promise.all(streams.all().map((s) => s.end()));
      finals.close();
    },
    pendingFinals: () => finals.pending(),
    recover: () =>
      deps.spool
        ? recoverSpooledAudio({
            spool: deps.spool, store, log, open: openNow, rememberUplink: uplinks.remember, ready: () => deps.transcription().ready(),
            ...(lease ? { reclaim: async (meetingId: string, epoch: number) => (await lease.reclaim(meetingId, epoch)) !== null } : {}),
          })
        : Promise.resolve({ streams: 0, replayedMs: 0, removed: 0 }),
  };
}
