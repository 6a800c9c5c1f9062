/**
 * Frames → PCM chunks → a meeting's transcription sink. No LiveKit SDK here: a frame is anything
 * shaped like rtc-node's AudioFrame, so tests feed hand-made streams of real AudioFrames.
 */
import type { AudioChunk } from '../transcription/types.ts';
import type { MeetingAudioSink } from './host.ts';

/** Rate the agent asks rtc-node's AudioStream for, Hz (WebRTC's native Opus rate: no resampling). */
export const AGENT_SAMPLE_RATE_HZ = 48_000;
/** Channels the agent asks for: speech is mono; rtc-node downmixes. */
export const AGENT_CHANNELS = 1;

/** The part of rtc-node's AudioFrame the pipeline needs. */
export interface PcmFrame {
  /** Interleaved Int16 samples; at least samplesPerChannel × channels long. */
  data: Int16Array;
  /** Hz. */
  sampleRate: number;
  channels: number;
  samplesPerChannel: number;
}

/** A frame that cannot be turned into PCM (corrupt sizes, unsupported layout). */
export class BadFrameError extends Error {
  readonly retryable = false;
  constructor(message: string) {
    super(message);
    this.name = 'BadFrameError';
  }
}

/**
 * One frame → one AudioChunk. Copies the samples (rtc-node may reuse buffers; the pipeline
 * keeps chunks), downmixes more than two channels to mono, rejects inconsistent frames.
 */
export function frameToChunk(frame: PcmFrame): AudioChunk {
  const { sampleRate, channels, samplesPerChannel } = frame;
  if (!Number.isInteger(sampleRate) || sampleRate < 8_000 || sampleRate > 192_000) {
    throw new BadFrameError(`unsupported sample rate ${sampleRate}`);
  }
  if (!Number.isInteger(channels) || channels < 1 || !Number.isInteger(samplesPerChannel) || samplesPerChannel < 0) {
    throw new BadFrameError(`bad frame layout ${channels}ch × ${samplesPerChannel}`);
  }
  const total = samplesPerChannel * channels;
  if (frame.data.length < total) {
    throw new BadFrameError(`frame holds ${frame.data.length} samples, header says ${total}`);
  }
  if (channels === 1 || channels === 2) {
    return { samples: frame.data.slice(0, total), sampleRate, channels };
  }
  const mono = new Int16Array(samplesPerChannel);
  for (let i = 0; i < samplesPerChannel; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += frame.data[i * channels + c] ?? 0;
    mono[i] = Math.round(sum / channels);
  }
  return { samples: mono, sampleRate, channels: 1 };
}

/** What one pump moved. */
export interface PumpStats {
  frames: number;
  /** Samples per channel pushed. */
  samples: number;
  /** Audio pushed, milliseconds. */
  audioMs: number;
  /** Pushes the sink answered with false (queue full; live audio cannot slow down). */
  backpressured: number;
  /** Frames dropped as malformed. */
  badFrames: number;
  /** The sink ended under the pump (another source took the meeting over); pumping stopped. */
  superseded: boolean;
}

/**
 * Reads frames until the stream ends, `signal` aborts, or the sink ends under it (another source
 * took the meeting over), pushing each as PCM into `sink`. Never calls sink.end(): the owner of
 * the sink decides when the source is over.
 */
export async function pumpFrames(
  frames: ReadableStream<PcmFrame>,
  sink: Pick<MeetingAudioSink, 'push' | 'ended'>,
  signal?: AbortSignal,
): Promise<PumpStats> {
  const stats: PumpStats = { frames: 0, samples: 0, audioMs: 0, backpressured: 0, badFrames: 0, superseded: false };
  const reader = frames.getReader();
  const onAbort = () => void reader.cancel().catch(() => undefined);
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let chunk: AudioChunk;
      try {
        chunk = frameToChunk(value);
      } catch (err) {
        if (err instanceof BadFrameError) {
          stats.badFrames++;
          continue;
        }
        throw err;
      }
      if (chunk.samples.length === 0) continue;
      if (!sink.push(chunk)) {
        if (sink.ended) {
          stats.superseded = true;
          await reader.cancel().catch(() => undefined);
          break;
        }
        stats.backpressured++;
      }
      stats.frames++;
      const perChannel = chunk.samples.length / chunk.channels;
      stats.samples += perChannel;
      stats.audioMs += (perChannel * 1000) / chunk.sampleRate;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    reader.releaseLock();
  }
  return stats;
}
