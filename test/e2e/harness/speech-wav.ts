/**
 * Builds a fake-microphone WAV at test time from the fixture utterances (never committed): the
 * chosen utterances in order with silence between them, resampled to 48 kHz 16-bit mono for
 * Chromium's `--use-file-for-fake-audio-capture`. Lets a test speak a different speech (e.g. one
 * whose 第三 is missing) with the real recogniser path and the lookup test model.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import wavefile from 'wavefile';
import { Resampler } from '../../../server/transcription/audio/resampler.ts';
import { readWavFile } from '../../../server/transcription/audio/wav.ts';
import { fixturePath } from '../../env.ts';

/** Output rate: what the host's AudioContext asks the fake device for. */
const OUT_RATE = 48_000;

export interface SpeechWavOptions {
  /** Silence before the first utterance, ms. */
  leadMs?: number;
  /** Silence between utterances, ms (the fixture speech uses 1.2 s). */
  gapMs?: number;
  /** Silence after the last utterance, ms (capture stops in it; Chromium loops the file). */
  tailMs?: number;
}

function toFloat(samples: Int16Array | Float32Array): Float32Array {
  if (samples instanceof Float32Array) return samples;
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = (samples[i] ?? 0) / 32768;
  return out;
}

/** Write the utterances `names` (e.g. ['u01', 'u02', 'u04']) as one WAV in a temp dir; returns its path. */
export async function composeSpeechWav(names: string[], options: SpeechWavOptions = {}): Promise<string> {
  const { leadMs = 1000, gapMs = 1200, tailMs = 3000 } = options;
  const parts: Float32Array[] = [];
  let inRate = 0;
  const silence = (ms: number) => new Float32Array(Math.round((inRate * ms) / 1000));
  for (const [i, name] of names.entries()) {
    const chunk = await readWavFile(fixturePath('audio', `${name}.wav`));
    if (chunk.channels !== 1) throw new Error(`${name}: expected mono`);
    if (inRate === 0) inRate = chunk.sampleRate;
    if (chunk.sampleRate !== inRate) throw new Error(`${name}: sample rate ${chunk.sampleRate} ≠ ${inRate}`);
    parts.push(silence(i === 0 ? leadMs : gapMs), toFloat(chunk.samples));
  }
  parts.push(silence(tailMs));
  const joined = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    joined.set(p, at);
    at += p.length;
  }
  const resampler = new Resampler(inRate, OUT_RATE);
  const a = resampler.process(joined);
  const b = resampler.flush();
  const pcm = new Int16Array(a.length + b.length);
  [...a, ...b].forEach((x, i) => {
    pcm[i] = Math.max(-32768, Math.min(32767, Math.round(x * 32767)));
  });
  const wav = new wavefile.WaveFile();
  wav.fromScratch(1, OUT_RATE, '16', pcm);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-speech-')), `${names.join('-')}.wav`);
  fs.writeFileSync(file, wav.toBuffer());
  return file;
}
