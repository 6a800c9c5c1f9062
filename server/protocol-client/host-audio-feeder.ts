/**
 * Streams a WAV file as the host over the socket protocol (audio:start → audio:chunk* →
 * audio:stop), paced at `speed` × real time like a live microphone: each chunk is handed over
 * when its last sample has been "spoken" on the feed's clock. It pauses briefly when the server
 * answers `accepted: false`. Used by integration tests and `npm run rehearse`.
 *
 * Like the browser's uplink it survives a server node failing: the whole file stays replayable,
 * so `audio:start` (with an uplink id) is asked again while another node still holds the
 * meeting's audio (`transcribing_elsewhere`) or when the stream went away, and the feed goes on
 * from whatever chunk the answering node asks for, earlier ones included.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { Result } from '../../shared/protocol/errors.ts';
import { decodeWav } from '../transcription/audio/wav.ts';
import type { MirrorSocket } from './meeting-mirror.ts';

/** Audio per message, ms (100 ms of 16 kHz Int16 = 3.2 KB, well under the 64 KB cap). */
export const CHUNK_MS = 100;
/** Pause after the server asked us to slow down, ms. */
const BACKOFF_MS = 200;
/** Pause before asking for the stream again (another node holds the meeting's audio), ms. */
const RESTART_DELAY_MS = 250;

/** A command answered with an error (its wire code), or not answered at all (code null). */
export class FeedCommandError extends Error {
  constructor(
    readonly event: string,
    readonly code: string | null,
  ) {
    super(`${event}: ${code ?? 'no answer'}`);
    this.name = 'FeedCommandError';
  }
}

/** Errors after which the stream is asked for again: the audio is kept and sent to whichever node takes it. */
const restartable = (err: unknown) => err instanceof FeedCommandError && (err.code === null || err.code === 'transcribing_elsewhere' || err.code === 'conflict');

export interface FeedOptions {
  /** Playback speed factor; 1 = real time. Default 1. */
  speed?: number;
  /** Start at this audio time, ms (resume after a fault). Default 0. */
  startMs?: number;
  /** Stop at this audio time, ms (for fault tests); default the end. */
  maxAudioMs?: number;
  /** Send audio:stop at the end. Default true. */
  stop?: boolean;
  signal?: AbortSignal;
}

/** Int16 mono PCM of a WAV file. */
export function readWavPcm(file: string): { samples: Int16Array; sampleRate: 16000 | 48000 } {
  const chunk = decodeWav(new Uint8Array(fs.readFileSync(file)));
  if (chunk.sampleRate !== 16000 && chunk.sampleRate !== 48000) throw new Error(`unsupported sample rate ${chunk.sampleRate}`);
  let mono: Int16Array;
  const src = chunk.samples;
  const frames = src.length / chunk.channels;
  mono = new Int16Array(frames);
  for (let i = 0; i < frames; i++) {
    let v = 0;
    for (let c = 0; c < chunk.channels; c++) v += src[i * chunk.channels + c] ?? 0;
    v /= chunk.channels;
    mono[i] = src instanceof Float32Array ? Math.max(-32768, Math.min(32767, Math.round(v * 32767))) : v;
  }
  return { samples: mono, sampleRate: chunk.sampleRate };
}

function call<T>(socket: MirrorSocket, event: 'audio:start' | 'audio:chunk' | 'audio:stop', payload: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    // Generic over three commands whose payload types the callers below respect.
    (socket.timeout(30_000) as unknown as { emit(e: string, p: unknown, cb: (err: Error | null, r: Result<T>) => void): void }).emit(
      event,
      payload,
      (err, r) => {
        if (err) reject(new FeedCommandError(event, null));
        else if (!r.ok) reject(new FeedCommandError(event, r.error.code));
        else resolve(r.data);
      },
    );
  });
}

/** What a feed did. */
export interface FeedResult {
  chunks: number;
  slowDowns: number;
  audioMs: number;
  /**
   * Wall clock (Date.now(), ms) at which audio time `startMs` was spoken: audio time A was spoken
   * at startedAtEpochMs + (A − startMs) / speed.
   */
  startedAtEpochMs: number;
}

export async function feedWav(socket: MirrorSocket, file: string, options: FeedOptions = {}): Promise<FeedResult> {
  const { samples, sampleRate } = readWavPcm(file);
  const speed = options.speed ?? 1;
  const perChunk = (sampleRate * CHUNK_MS) / 1000;
  const total = options.maxAudioMs === undefined ? samples.length : Math.min(samples.length, Math.round((options.maxAudioMs * sampleRate) / 1000));
  const first = Math.round(((options.startMs ?? 0) * sampleRate) / 1000);
  const count = Math.max(0, Math.ceil((total - first) / perChunk));
  const uplinkId = randomBytes(12).toString('hex');
  let next = 0;
  /** (Re)open the stream; resolves to the chunk the server wants next. */
  const start = async (): Promise<number> => {
    for (;;) {
      try {
        const r = await call<{ nextChunkSeq: number }>(socket, 'audio:start', { sampleRate, uplinkId, firstChunkSeq: next, replayableFromChunkSeq: 0 });
        return r.nextChunkSeq;
      } catch (err) {
        if (!restartable(err) || options.signal?.aborted) throw err;
        await new Promise((r) => setTimeout(r, RESTART_DELAY_MS));
      }
    }
  };
  next = await start();
  const t0 = performance.now();
  const startedAtEpochMs = Date.now();
  let chunks = 0;
  let slowDowns = 0;
  while (next < count) {
    if (options.signal?.aborted) break;
    const i = first + next * perChunk;
    const part = samples.subarray(i, Math.min(total, i + perChunk));
    // A microphone hands a chunk over once its last sample was spoken.
    const spokenMs = ((i - first + part.length) / sampleRate) * 1000;
    const early = t0 + spokenMs / speed - performance.now();
    if (early > 1) await new Promise((r) => setTimeout(r, early));
    const pcm = new Uint8Array(part.buffer.slice(part.byteOffset, part.byteOffset + part.byteLength));
    let answer: { accepted: boolean; nextChunkSeq: number };
    try {
      answer = await call<{ accepted: boolean; nextChunkSeq: number }>(socket, 'audio:chunk', { chunkSeq: next, pcm });
    } catch (err) {
      if (!restartable(err)) throw err;
      // The stream went away (its node failed or lost the meeting): go on from where the next node says.
      next = await start();
      continue;
    }
    chunks += 1;
    // Normally chunk + 1; lower when the server lacks an earlier one (sent again from there).
    next = answer.nextChunkSeq;
    if (!answer.accepted) {
      slowDowns += 1;
      await new Promise((r) => setTimeout(r, BACKOFF_MS));
    }
  }
  if (options.stop ?? true) await call(socket, 'audio:stop', {});
  return { chunks, slowDowns, audioMs: ((total - first) / sampleRate) * 1000, startedAtEpochMs };
}
