/**
 * Silero in the VAD worker thread scores exactly what Silero on the main thread scores, per
 * stream, whether frames come in batches or one at a time.
 */
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../../test/env.ts';
import { AudioInput, concat } from '../audio/audio-input.ts';
import { readWavFile, splitChunk } from '../audio/wav.ts';
import { loadSileroDetectorFactory } from './silero.ts';
import { loadSileroWorkerFactory } from './silero-worker.ts';
import { FRAME_SAMPLES, scoreInTurn } from './speech-detector.ts';

async function load16k(...parts: string[]): Promise<Float32Array> {
  const input = new AudioInput();
  const chunk = await readWavFile(fixturePath(...parts));
  return concat([...splitChunk(chunk, chunk.sampleRate).map((c) => input.push(c)), input.flush()]);
}

describe('Silero in the VAD worker thread', () => {
  it('scores frames exactly like Silero on this thread, in batches or one by one, each stream with its own state', async () => {
    const worker = await loadSileroWorkerFactory();
    try {
      const audio = await load16k('audio', 'u02.wav');
      const frames: Float32Array[] = [];
      for (let i = 0; i + FRAME_SAMPLES <= audio.length; i += FRAME_SAMPLES) frames.push(audio.slice(i, i + FRAME_SAMPLES));
      const here = await loadSileroDetectorFactory();
      const reference = await scoreInTurn(here.create(), frames);
      await here.close();
      // Two streams interleaved: batches of uneven size on one, single frames on the other.
      const a = worker.create();
      const b = worker.create();
      const fromA: number[] = [];
      const fromB: number[] = [];
      for (let i = 0; i < frames.length; i += 37) {
        fromA.push(...(await a.probabilities(frames.slice(i, i + 37))));
        for (const f of frames.slice(i, i + 37)) fromB.push(await b.probability(f));
      }
      expect(reference.some((p) => p > 0.9)).toBe(true);
      for (const got of [fromA, fromB]) {
        expect(got).toHaveLength(reference.length);
        got.forEach((p, i) => expect(p).toBeCloseTo(reference[i]!, 5));
      }
      a.close();
      b.close();
    } finally {
      await worker.close();
    }
  }, 60_000);
});
