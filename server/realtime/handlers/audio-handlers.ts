/**
 * The host's audio stream over the socket: audio:start → audio:chunk* → audio:stop, into the
 * meeting's one audio path. Chunks are Int16 LE mono PCM, ≤ 64 KB; duplicates (by chunkSeq) are dropped.
 */
import { audioChunkRequest, audioStartRequest, emptyRequest, MAX_AUDIO_CHUNK_BYTES } from '../../../shared/protocol/schemas.ts';
import type { MeetingAudioStream } from '../../audio/meeting-audio.ts';
import { DomainError } from '../../errors.ts';
import { registerCommand } from '../command.ts';
import type { RealtimeDeps } from '../deps.ts';
import type { LuoshiSocket } from '../types.ts';

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

export function registerAudioHandlers(socket: LuoshiSocket, deps: RealtimeDeps): void {
  const { audio, log } = deps;
  let stream: MeetingAudioStream | null = null;
  let sampleRate = 16000;
  let lastChunkSeq = -1;
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
    handler: (req, s) => {
      stream = audio.open(s.meetingId, `socket:${socket.id}`);
      sampleRate = req.sampleRate;
      lastChunkSeq = -1;
      finals = 0;
      return { data: { streamId: stream.streamId } };
    },
  }, log);

  registerCommand(socket, 'audio:chunk', {
    schema: audioChunkRequest,
    roles: ['host'],
    precheck: oversized,
    handler: (req, s) => {
      const active = current(s.meetingId);
      if (req.chunkSeq <= lastChunkSeq) return { data: { accepted: true } };
      lastChunkSeq = req.chunkSeq;
      const accepted = active.push({ samples: toInt16(req.pcm), sampleRate, channels: 1 });
      return { data: { accepted } };
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
    // The host went away: close the utterance so its final segments are not lost.
    if (stream && !stream.ended) void stream.end();
  });
}
