/**
 * Frame-level speech detectors. A detector scores consecutive 16 kHz frames with a speech
 * probability; the segmenter turns those scores into utterances.
 */

/** Samples per detector frame at 16 kHz (32 ms; Silero v5's fixed frame size). */
export const FRAME_SAMPLES = 512;
/** Duration of one frame, milliseconds. */
export const FRAME_MS = (FRAME_SAMPLES / 16_000) * 1000;

/** Scores consecutive frames of one audio stream (stateful: one per stream). */
export interface SpeechDetector {
  /** Speech probability 0..1 of the next {@link FRAME_SAMPLES}-sample frame. */
  probability(frame: Float32Array): Promise<number>;
  /**
   * Probabilities of the next frames, in order: the same as calling probability() for each, in
   * one await (the stream scores its whole backlog at once when it has fallen behind).
   */
  probabilities(frames: readonly Float32Array[]): Promise<number[]>;
  /** Forget the recurrent state (e.g. after a long gap). */
  reset(): void;
  /** The stream ended: free what the detector holds elsewhere (a worker's state). */
  close(): void;
}

/** probabilities() for detectors that score one frame at a time. */
export async function scoreInTurn(detector: Pick<SpeechDetector, 'probability'>, frames: readonly Float32Array[]): Promise<number[]> {
  const out: number[] = [];
  for (const frame of frames) out.push(await detector.probability(frame));
  return out;
}

/** Creates per-stream detectors from one loaded model. */
export interface SpeechDetectorFactory {
  /** Which detector this is, for logs and the bench. */
  readonly kind: 'silero' | 'silero-worker' | 'energy';
  create(): SpeechDetector;
  close(): Promise<void>;
}

/** RMS level of a frame in dBFS (−120 for digital silence). */
export function frameDbfs(frame: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < frame.length; i++) sum += (frame[i] ?? 0) ** 2;
  const rms = Math.sqrt(sum / Math.max(1, frame.length));
  return rms > 1e-6 ? 20 * Math.log10(rms) : -120;
}
