/**
 * Audio input stage: validates pushed chunks, mixes to mono and resamples to the model rate.
 * Everything after this stage sees 16 kHz mono Float32 only.
 */
import { TranscriptionError } from '../errors.ts';
import type { AudioChunk } from '../types.ts';
import { toMonoFloat32 } from './mixer.ts';
import { Resampler } from './resampler.ts';

/** Sample rate Whisper and Silero VAD expect, Hz. */
export const MODEL_SAMPLE_RATE = 16_000;
/** Lowest accepted input sample rate, Hz. */
export const MIN_INPUT_RATE = 8_000;
/** Highest accepted input sample rate, Hz. */
export const MAX_INPUT_RATE = 192_000;
/** Longest accepted single chunk, seconds (a live client sends ~0.1–0.7 s). */
export const MAX_CHUNK_SECONDS = 30;

/** Throw AUDIO_INVALID unless the chunk is well-formed. */
export function validateChunk(chunk: AudioChunk): void {
  const { samples, sampleRate, channels } = chunk;
  const fail = (why: string): never => {
    throw new TranscriptionError('AUDIO_INVALID', `音频数据无效：${why} / invalid audio chunk: ${why}`);
  };
  if (!(samples instanceof Int16Array) && !(samples instanceof Float32Array)) fail('samples must be Int16Array or Float32Array');
  if (!Number.isInteger(sampleRate) || sampleRate < MIN_INPUT_RATE || sampleRate > MAX_INPUT_RATE) {
    fail(`sampleRate ${sampleRate} outside ${MIN_INPUT_RATE}..${MAX_INPUT_RATE}`);
  }
  if (channels !== 1 && channels !== 2) fail(`channels ${String(channels)} must be 1 or 2`);
  if (samples.length % channels !== 0) fail('stereo chunk has an odd sample count');
  if (samples.length / channels > sampleRate * MAX_CHUNK_SECONDS) fail(`chunk longer than ${MAX_CHUNK_SECONDS} s`);
}

/** Converts chunks of any supported format into 16 kHz mono Float32, keeping filter state across chunks. */
export class AudioInput {
  private resampler: Resampler | null = null;

  /** Validate, mix and resample one chunk. Throws TranscriptionError('AUDIO_INVALID'). */
  push(chunk: AudioChunk): Float32Array {
    validateChunk(chunk);
    const mono = toMonoFloat32(chunk);
    const parts: Float32Array[] = [];
    if (!this.resampler || this.resampler.inRate !== chunk.sampleRate) {
      // A rate change (e.g. file at 16 kHz, then LiveKit at 48 kHz) flushes the old filter's tail.
      if (this.resampler) parts.push(this.resampler.flush());
      this.resampler = new Resampler(chunk.sampleRate, MODEL_SAMPLE_RATE);
    }
    parts.push(this.resampler.process(mono));
    return concat(parts);
  }

  /** End of input: the filter's tail. */
  flush(): Float32Array {
    const tail = this.resampler?.flush() ?? new Float32Array(0);
    this.resampler = null;
    return tail;
  }
}

/** Concatenate Float32 blocks. */
export function concat(parts: readonly Float32Array[]): Float32Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Float32Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
