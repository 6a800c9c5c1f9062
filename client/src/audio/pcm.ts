/**
 * Pure PCM helpers shared by the capture worklet and unit tests: Float32 → Int16 conversion,
 * fixed-size chunking, and the level meter's dBFS figure. No Web Audio types here.
 */

import type { AudioStartRequest } from '../../../shared/protocol/index.ts';

/** Sample rates the server accepts (Hz). */
export type WireSampleRate = AudioStartRequest['sampleRate'];

/** Length of one audio message, ms: long enough to keep message overhead low, short enough for live captions. */
export const CHUNK_DURATION_MS = 100;
/** Floor of the level meter, dBFS (digital silence is shown as this). */
export const LEVEL_FLOOR_DBFS = -90;

/** Float samples in [-1, 1] → Int16 with clipping (values outside the range are clamped, not wrapped). */
export function floatToInt16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i] ?? 0));
    out[i] = s < 0 ? Math.round(s * 0x8000) : Math.round(s * 0x7fff);
  }
  return out;
}

/** RMS level of a block in dBFS (0 = full scale sine peak), floored at LEVEL_FLOOR_DBFS. */
export function rmsDbfs(samples: Float32Array): number {
  if (samples.length === 0) return LEVEL_FLOOR_DBFS;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] ?? 0;
    sum += s * s;
  }
  return meanSquareDbfs(sum / samples.length);
}

/** Level in dBFS of a mean of squared samples, floored at LEVEL_FLOOR_DBFS. */
export function meanSquareDbfs(meanSquare: number): number {
  if (!(meanSquare > 0)) return LEVEL_FLOOR_DBFS;
  return Math.max(LEVEL_FLOOR_DBFS, 10 * Math.log10(meanSquare));
}

/** Level meter position 0..1 for a dBFS value (linear in dB from the floor to 0 dBFS). */
export function levelFraction(dbfs: number, floorDbfs = -60): number {
  return Math.max(0, Math.min(1, (dbfs - floorDbfs) / -floorDbfs));
}

/**
 * Collects blocks of Float32 samples (128 per render quantum in a worklet) and yields Int16
 * chunks of exactly `chunkSamples` samples. Why: the server wants ≤ 64 KB messages, and ~100 ms
 * chunks keep latency low without flooding the socket.
 */
export class PcmChunker {
  private buffer: Float32Array;
  private filled = 0;

  constructor(readonly chunkSamples: number) {
    if (!Number.isInteger(chunkSamples) || chunkSamples <= 0 || chunkSamples * 2 > 64 * 1024) {
      throw new RangeError(`chunkSamples must be 1..32768, got ${chunkSamples}`);
    }
    this.buffer = new Float32Array(chunkSamples);
  }

  /** Add samples; returns every full chunk now available, in order. */
  push(samples: Float32Array): Int16Array[] {
    const out: Int16Array[] = [];
    let offset = 0;
    while (offset < samples.length) {
      const take = Math.min(this.chunkSamples - this.filled, samples.length - offset);
      this.buffer.set(samples.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === this.chunkSamples) {
        out.push(floatToInt16(this.buffer));
        this.filled = 0;
      }
    }
    return out;
  }

  /** The partial chunk left at the end of a capture (may be empty). */
  flush(): Int16Array {
    const rest = floatToInt16(this.buffer.subarray(0, this.filled));
    this.filled = 0;
    return rest;
  }
}

/**
 * Linear-interpolation resampler for a context that could not run at a wire rate
 * (e.g. a 44.1 kHz device). Keeps its phase across blocks so chunk edges do not click.
 */
export class LinearResampler {
  private readonly step: number;
  /** Position of the next output sample, in input samples relative to the current block. */
  private position = 0;
  private last = 0;

  constructor(readonly fromRate: number, readonly toRate: number) {
    this.step = fromRate / toRate;
  }

  process(input: Float32Array): Float32Array {
    if (this.fromRate === this.toRate) return input;
    const out: number[] = [];
    // position -1 .. 0 interpolates between the previous block's last sample and input[0].
    while (this.position < input.length - 1) {
      const i = Math.floor(this.position);
      const frac = this.position - i;
      const a = i < 0 ? this.last : (input[i] ?? 0);
      const b = input[i + 1] ?? 0;
      out.push(a + (b - a) * frac);
      this.position += this.step;
    }
    this.position -= input.length;
    this.last = input[input.length - 1] ?? this.last;
    return Float32Array.from(out);
  }
}

/** Pick the wire rate for a context rate: 48 kHz when it matches, else resample to 16 kHz. */
export function wireRateFor(contextRate: number): WireSampleRate {
  return contextRate === 48000 ? 48000 : 16000;
}

/** Samples in one chunk at a rate. */
export function chunkSamplesFor(rate: WireSampleRate, durationMs = CHUNK_DURATION_MS): number {
  return Math.round((rate * durationMs) / 1000);
}
