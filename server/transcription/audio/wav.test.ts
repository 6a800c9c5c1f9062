import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import wavefile from 'wavefile';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../../test/env.ts';
import { TranscriptionError } from '../errors.ts';
import { decodeWav, readWavFile, splitChunk } from './wav.ts';

describe('WAV reader', () => {
  it('reads the 16 kHz fixture as mono Float32 of the right length', async () => {
    const chunk = await readWavFile(fixturePath('audio', 'u05.wav'));
    expect(chunk.sampleRate).toBe(16_000);
    expect(chunk.channels).toBe(1);
    expect(chunk.samples).toBeInstanceOf(Int16Array);
    expect(chunk.samples.length / 16_000).toBeCloseTo(2.587, 2);
    let peak = 0;
    for (const s of chunk.samples) peak = Math.max(peak, Math.abs(s) / 32768);
    expect(20 * Math.log10(peak)).toBeCloseTo(-8, 0); // fixtures are normalised to −8 dBFS
  });

  it('reads the 48 kHz fixture', async () => {
    const chunk = await readWavFile(fixturePath('audio', 'speech-seven-points-48k.wav'));
    expect(chunk.sampleRate).toBe(48_000);
    expect(chunk.samples.length / 48_000).toBeCloseTo(67.402, 2);
  });

  it('decodes 16-bit stereo PCM it wrote itself', async () => {
    const wav = new wavefile.WaveFile();
    wav.fromScratch(2, 48_000, '16', [Int16Array.from([16384, -16384, 0]), Int16Array.from([16384, 16384, 0])]);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'luoshi-wav-'));
    const file = path.join(dir, 'stereo.wav');
    await writeFile(file, wav.toBuffer());
    const chunk = await readWavFile(file);
    expect(chunk.channels).toBe(2);
    expect(chunk.sampleRate).toBe(48_000);
    expect(Array.from(chunk.samples)).toEqual([16384, 16384, -16384, 16384, 0, 0]);
  });

  it('decodes 32-bit float WAV', () => {
    const wav = new wavefile.WaveFile();
    wav.fromScratch(1, 16_000, '32f', Float32Array.from([0.25, -0.5]));
    const chunk = decodeWav(wav.toBuffer());
    expect(chunk.samples).toBeInstanceOf(Float32Array);
    expect(Array.from(chunk.samples)).toEqual([0.25, -0.5]);
  });

  it('throws WAV_INVALID on garbage', () => {
    expect(() => decodeWav(new Uint8Array([1, 2, 3, 4, 5]))).toThrow(TranscriptionError);
  });

  it('splits a chunk into frames', () => {
    const parts = splitChunk({ samples: new Float32Array(10), sampleRate: 16_000, channels: 2 }, 2);
    expect(parts.map((p) => p.samples.length)).toEqual([4, 4, 2]);
  });
});
