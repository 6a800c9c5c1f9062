/**
 * WAV decoding without AudioContext, via the `wavefile` library (PCM 8/16/24/32-bit and
 * IEEE float; A-law/µ-law are expanded by the library).
 */
import { readFile } from 'node:fs/promises';
import wavefile from 'wavefile';
import { TranscriptionError } from '../errors.ts';
import type { AudioChunk } from '../types.ts';

/** Largest WAV we read into memory, bytes (≈ 3 h of 16 kHz mono 16-bit). */
export const MAX_WAV_BYTES = 512 * 1024 * 1024;

/** The `fmt ` chunk fields we rely on (wavefile types it as a plain object). */
interface WavFormat {
  numChannels: number;
  sampleRate: number;
}

function isWavFormat(value: unknown): value is WavFormat {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>; // narrowing a checked object to read its fields
  return typeof v['numChannels'] === 'number' && typeof v['sampleRate'] === 'number';
}

/**
 * 16-bit PCM (the common case) is copied straight out of the data chunk: wavefile's generic
 * per-sample conversion takes ~9 s for a one-minute 48 kHz file.
 */
function readInt16Data(wav: wavefile.WaveFile): Int16Array {
  const data = wav.data;
  if (typeof data !== 'object' || data === null || !('samples' in data) || !(data.samples instanceof Uint8Array)) {
    throw new Error('no data chunk');
  }
  const raw = data.samples;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = new Int16Array(Math.floor(raw.byteLength / 2));
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(2 * i, true);
  return out;
}

function readAsFloat32(wav: wavefile.WaveFile): Float32Array {
  if (wav.bitDepth !== '32f') wav.toBitDepth('32f');
  return Float32Array.from(wav.getSamples(true, Float32Array));
}

/** Decode WAV bytes into one chunk (Int16 for 16-bit PCM, else Float32) (more than two channels are mixed to mono here). */
export function decodeWav(bytes: Uint8Array): AudioChunk {
  let wav: wavefile.WaveFile;
  let interleaved: Float32Array | Int16Array;
  try {
    wav = new wavefile.WaveFile(bytes);
    interleaved = wav.bitDepth === '16' ? readInt16Data(wav) : readAsFloat32(wav);
  } catch (err) {
    throw new TranscriptionError('WAV_INVALID', `无法读取 WAV 文件 / cannot read WAV: ${String(err)}`);
  }
  const fmt = wav.fmt;
  if (!isWavFormat(fmt) || fmt.numChannels < 1 || fmt.sampleRate < 1000) {
    throw new TranscriptionError('WAV_INVALID', 'WAV 格式字段无效 / WAV fmt chunk is invalid');
  }
  const channels = fmt.numChannels;
  if (channels <= 2) {
    return { samples: interleaved, sampleRate: fmt.sampleRate, channels: channels === 2 ? 2 : 1 };
  }
  const frames = Math.floor(interleaved.length / channels);
  const mono = new Float32Array(frames);
  const scale = interleaved instanceof Int16Array ? 1 / 32768 : 1;
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += interleaved[i * channels + c] ?? 0;
    mono[i] = (sum / channels) * scale;
  }
  return { samples: mono, sampleRate: fmt.sampleRate, channels: 1 };
}

/** Read and decode a WAV file. */
export async function readWavFile(path: string): Promise<AudioChunk> {
  const bytes = await readFile(path);
  if (bytes.length > MAX_WAV_BYTES) {
    throw new TranscriptionError('WAV_INVALID', `WAV 文件过大 / WAV file larger than ${MAX_WAV_BYTES} bytes`);
  }
  return decodeWav(bytes);
}

/** Split a chunk into consecutive chunks of at most `frameCount` frames (for feeding streams). */
export function splitChunk(chunk: AudioChunk, frameCount: number): AudioChunk[] {
  const step = frameCount * chunk.channels;
  const parts: AudioChunk[] = [];
  for (let i = 0; i < chunk.samples.length; i += step) {
    parts.push({ ...chunk, samples: chunk.samples.subarray(i, i + step) });
  }
  return parts;
}
