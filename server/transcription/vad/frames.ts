/**
 * Cuts a 16 kHz sample stream into detector frames and runs detector + segmenter over
 * whole buffers (files, tests, the bench).
 */
import { Segmenter, type SegmenterEvent, type SegmenterOptions } from './segmenter.ts';
import { FRAME_SAMPLES, type SpeechDetector } from './speech-detector.ts';

/** Accumulates samples and yields complete {@link FRAME_SAMPLES}-sample frames. */
export class FrameChunker {
  private pending = new Float32Array(FRAME_SAMPLES);
  private filled = 0;

  /** Append samples; returns the frames completed by them. */
  push(samples: Float32Array): Float32Array[] {
    const frames: Float32Array[] = [];
    let offset = 0;
    while (offset < samples.length) {
      const n = Math.min(FRAME_SAMPLES - this.filled, samples.length - offset);
      this.pending.set(samples.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === FRAME_SAMPLES) {
        frames.push(this.pending);
        this.pending = new Float32Array(FRAME_SAMPLES);
        this.filled = 0;
      }
    }
    return frames;
  }

  /** The last partial frame, zero-padded, or null when nothing is pending. */
  flush(): Float32Array | null {
    if (this.filled === 0) return null;
    const frame = this.pending;
    this.pending = new Float32Array(FRAME_SAMPLES);
    this.filled = 0;
    return frame;
  }

  /** Samples waiting for a full frame. */
  get pendingSamples(): number {
    return this.filled;
  }
}

/** Run a detector and a fresh segmenter over a whole 16 kHz buffer. */
export async function segmentAudio(
  audio: Float32Array,
  detector: SpeechDetector,
  options: Partial<SegmenterOptions> = {},
): Promise<SegmenterEvent[]> {
  const chunker = new FrameChunker();
  const segmenter = new Segmenter(options);
  const events: SegmenterEvent[] = [];
  const frames = chunker.push(audio);
  const last = chunker.flush();
  if (last) frames.push(last);
  for (const frame of frames) events.push(...segmenter.push(frame, await detector.probability(frame)));
  events.push(...segmenter.flush());
  return events;
}
