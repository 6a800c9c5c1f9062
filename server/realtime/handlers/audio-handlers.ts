/**
 * The host's audio stream over the socket: audio:start → audio:chunk* → audio:stop, into the
 * meeting's one audio path. Chunks are Int16 LE mono PCM, ≤ 64 KB, numbered by the sender; a
 * chunk is acknowledged only once the stream has taken and spooled it, so the sender keeps
 * everything unacknowledged and sends it again after a reconnect. audio:start with the uplink id
 * of the meeting's open stream resumes it; its reply says from which chunk number to go on.
 *
 * One capturing console per meeting: while another host console's uplink is open (capturing, or
 * disconnected within its resume grace), audio:start answers `capture_busy`; with `takeover` it
 * replaces that capture, and the other console is told (`audio:taken-over`) and stops.
 *
 * Across nodes too (capture-relay.ts): when the node holding the meeting's audio captures from
 * another console, audio:start answers `capture_busy`; with `takeover` that node tells its console,
 * stores what it heard and hands the meeting's audio to this one.
 *
 * One transcribing node per meeting: while another node holds the meeting's ASR lease (and no
 * console captures there), audio:start answers `transcribing_elsewhere` (retryable: the sender
 * keeps its audio and asks again). A node that takes the meeting over from a failed one picks the
 * uplink up where that node's stored transcript ends: a sender that keeps its recently confirmed
 * audio (it says so with `replayableFromChunkSeq`) is answered a nextChunkSeq below what it had
 * confirmed, and resends from there; the part the failed node had already stored is taken but not
 * heard again.
 */
import { audioChunkRequest, audioStartRequest, emptyRequest, MAX_AUDIO_CHUNK_BYTES } from '../../../shared/protocol/schemas.ts';
import type { AudioStartRequest } from '../../../shared/protocol/schemas.ts';
import type { MeetingAudioStream, OpenOptions } from '../../meeting/meeting-audio.ts';
import type { TakenOverUplink } from '../../meeting/meeting-audio-types.ts';
import { DomainError } from '../../errors.ts';
import { isConsoleCapture, type CaptureRelay } from '../capture-relay.ts';
import { registerCommand } from '../command.ts';
import type { RealtimeDeps } from '../deps.ts';
import { rooms, type LuoshiSocket } from '../types.ts';

/** Copy bytes into an aligned Int16Array (socket.io Buffers may start at odd offsets). */
export function toInt16(pcm: Uint8Array | ArrayBuffer): Int16Array {
  const bytes = pcm instanceof ArrayBuffer ? new Uint8Array(pcm) : pcm;
  const out = new Int16Array(bytes.byteLength >> 1);
  new Uint8Array(out.buffer).set(bytes.subarray(0, out.byteLength));
  return out;
}

function oversized(raw: unknown): DomainError | null {
  if (typeof raw !== 'object' || raw === null || !('pcm' in raw)) return null;
  const pcm = raw.pcm;
  const size = pcm instanceof Uint8Array || pcm instanceof ArrayBuffer ? pcm.byteLength : 0;
  return size > MAX_AUDIO_CHUNK_BYTES ? new DomainError('payload_too_large', [`pcm: at most ${MAX_AUDIO_CHUNK_BYTES} bytes`]) : null;
}

/**
 * The meeting's open stream when it is another host console's capture (an uplink from a socket
 * other than `uplinkId`); LiveKit sources and senders without an uplink id never block a start.
 */
function otherConsole(active: MeetingAudioStream | null, uplinkId: string | undefined): MeetingAudioStream | null {
  return isConsoleCapture(active) && active.uplinkId !== uplinkId ? active : null;
}

/**
 * How to open the stream of a sender whose uplink the previous lease holder had (null: not
 * this sender's, or the sender cannot resend confirmed audio). The sender resends from the
 * handover chunk; of that audio, the part up to the end of the old stream's stored transcript
 * was heard there and is skipped.
 */
function pickUp(from: TakenOverUplink | null, req: AudioStartRequest, storedEndMs: number): OpenOptions | null {
  if (!from || from.uplinkId !== req.uplinkId || req.replayableFromChunkSeq === undefined) return null;
  // The sender no longer holds the handover chunk: resending what it has could repeat stored words.
  if (req.replayableFromChunkSeq > from.chunkSeq) return null;
  const resumeMs = Math.max(from.storedEndMs, from.atMs);
  return {
    lastChunkSeq: from.chunkSeq - 1,
    startOffsetMs: Math.max(resumeMs, storedEndMs),
    resumePoint: { chunkSeq: from.chunkSeq, atMs: from.atMs },
    skipMs: resumeMs - from.atMs,
  };
}

export function registerAudioHandlers(socket: LuoshiSocket, deps: RealtimeDeps, relay: CaptureRelay): void {
  const { audio, log } = deps;
  let stream: MeetingAudioStream | null = null;
  let sampleRate = 16000;
  let finals = 0;
  const unsubscribe = audio.onSegment((meetingId, seg) => {
    if (stream && meetingId === socket.data.session.meetingId && seg.isFinal && seg.id.startsWith(`${stream.streamId}-`)) finals += 1;
  });

  const current = (meetingId: string): MeetingAudioStream => {
    if (!stream || stream.ended || audio.active(meetingId) !== stream) throw new DomainError('conflict', ['no active audio stream: send audio:start']);
    return stream;
  };

  registerCommand(socket, 'audio:start', {
    schema: audioStartRequest,
    roles: ['host'],
    handler: async (req, s) => {
      // Everything read from the database comes first: the checks below and the open stay one
      // synchronous step, so another console's audio:start cannot slip in between "nobody else
      // is capturing" and "now I am". Resuming this uplink's open stream needs no read.
      const open = audio.active(s.meetingId);
      const mayResume = req.uplinkId !== undefined && open !== null && !open.ended && open.uplinkId === req.uplinkId;
      const here = mayResume ? null : await relay.prepare(s.meetingId, req.uplinkId ?? null, req.takeover === true);
      const prepared = here?.prepared ?? null;
      const storedEndMs = prepared?.storedEndMs ?? 0;
      const resumed = req.uplinkId ? audio.resume(s.meetingId, req.uplinkId) : null;
      const other = resumed ? null : otherConsole(audio.active(s.meetingId), req.uplinkId);
      if (other && !req.takeover) throw new DomainError('capture_busy', ['another host console is capturing: send audio:start with takeover']);
      let started: MeetingAudioStream;
      if (resumed) {
        started = resumed;
      } else {
        // The stream it was about to resume ended meanwhile (the meeting is ending).
        if (!prepared) throw new DomainError('meeting_not_live');
        // A sender whose stream ended (grace over, server restarted) goes on after what was taken,
        // where its audio left off on the meeting timeline.
        const before = req.uplinkId ? audio.uplinkState(s.meetingId, req.uplinkId) : null;
        const pickedUp = before ? null : pickUp(prepared.handover, req, storedEndMs);
        if (!before && prepared.handover?.uplinkId === req.uplinkId && !pickedUp) {
          log.warn({ meetingId: s.meetingId, uplinkId: req.uplinkId, handover: prepared.handover, replayableFrom: req.replayableFromChunkSeq ?? null }, 'uplink taken over without a resend: audio the failed node had not stored is lost');
        }
        started = prepared.open(`socket:${socket.id}`, {
          ...(req.uplinkId ? { uplinkId: req.uplinkId } : {}),
          ...(before
            ? { lastChunkSeq: before.lastChunkSeq, startOffsetMs: Math.max(before.endMs, storedEndMs) }
            : pickedUp
              ? pickedUp
              : req.firstChunkSeq !== undefined
                ? { lastChunkSeq: req.firstChunkSeq - 1 }
                : {}),
        });
        if (pickedUp) log.info({ meetingId: s.meetingId, uplinkId: req.uplinkId, fromChunkSeq: started.lastChunkSeq + 1, skipMs: Math.round(pickedUp.skipMs ?? 0) }, 'uplink picked up from the previous node');
        finals = 0;
      }
      stream = started;
      // The oldest chunk the sender can still send: its resendable history counts.
      const oldest = req.replayableFromChunkSeq ?? req.firstChunkSeq;
      if (oldest !== undefined) started.forgetBefore(oldest);
      sampleRate = req.sampleRate;
      if (here?.tookOverFrom) log.info({ meetingId: s.meetingId, from: here.tookOverFrom.uplinkId, fromNode: here.tookOverFrom.nodeId, to: req.uplinkId ?? null }, 'audio capture taken over from a host console on another node');
      if (other?.uplinkId) {
        log.info({ meetingId: s.meetingId, from: other.uplinkId, to: req.uplinkId ?? null }, 'audio capture taken over by another host console');
        socket.to(rooms.staff(s.meetingId)).emit('audio:taken-over', { uplinkId: other.uplinkId });
      }
      return { data: { streamId: started.streamId, nextChunkSeq: started.lastChunkSeq + 1, resumed: resumed !== null } };
    },
  }, log);

  registerCommand(socket, 'audio:chunk', {
    schema: audioChunkRequest,
    roles: ['host'],
    precheck: oversized,
    handler: (req, s) => {
      const active = current(s.meetingId);
      const { writable } = active.accept({ samples: toInt16(req.pcm), sampleRate, channels: 1 }, req.chunkSeq);
      // nextChunkSeq ≤ chunkSeq tells the sender this chunk was not taken (an earlier one is missing).
      return { data: { accepted: writable, nextChunkSeq: active.lastChunkSeq + 1 } };
    },
  }, log);

  registerCommand(socket, 'audio:stop', {
    schema: emptyRequest,
    roles: ['host'],
    handler: async (_req, s) => {
      const active = current(s.meetingId);
      await active.end();
      stream = null;
      return { data: { segments: finals } };
    },
  }, log);

  socket.on('disconnect', () => {
    unsubscribe();
    // The host may be back in a moment (network blip, server-side kick aside): keep the utterance
    // open for it to resume; if it does not, the stream ends and its finals are stored.
    if (stream && !stream.ended) audio.suspend(stream);
  });
}
