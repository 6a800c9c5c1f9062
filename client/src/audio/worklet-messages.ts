/**
 * Messages between the capture worklet (audio thread) and the main thread.
 */
import type { WireSampleRate } from './pcm.ts';

/** Options passed to the processor at construction. */
export interface WorkletOptions {
  /** Rate of the PCM sent to the server, Hz. */
  wireRate: WireSampleRate;
  /** Samples per chunk at the wire rate. */
  chunkSamples: number;
}

/** Audio thread → main thread. */
export type WorkletMessage =
  /** Int16 little-endian mono PCM at the wire rate. */
  | { type: 'chunk'; pcm: ArrayBuffer }
  /** RMS level of the last ~50 ms, dBFS. */
  | { type: 'level'; dbfs: number }
  /** The processor flushed its last partial chunk and stopped. */
  | { type: 'stopped' };
