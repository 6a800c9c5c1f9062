/**
 * Sample-format conversion and channel mixing: any AudioChunk → mono Float32 in [-1, 1].
 */
import type { AudioChunk } from '../types.ts';

/** Full-scale value of signed 16-bit PCM. */
const INT16_FULL_SCALE = 32768;

/** Convert a chunk to mono Float32 at its own sample rate (stereo is averaged). */
export function toMonoFloat32(chunk: AudioChunk): Float32Array {
  const { samples, channels } = chunk;
  const scale = samples instanceof Int16Array ? 1 / INT16_FULL_SCALE : 1;
  if (channels === 1) {
    if (samples instanceof Float32Array) return samples;
    const out = new Float32Array(samples.length);
    for (let i = 0; i < samples.length; i++) out[i] = (samples[i] ?? 0) * scale;
    return out;
  }
  const frames = Math.floor(samples.length / 2);
  const out = new Float32Array(frames);
  // Averaging (not summing) keeps a centred source at the same level and cannot clip.
  const half = scale * 0.5;
  for (let i = 0; i < frames; i++) {
    out[i] = ((samples[2 * i] ?? 0) + (samples[2 * i + 1] ?? 0)) * half;
  }
  return out;
}
