/**
 * The fast log-mel path must give exactly the library's features; this guards the library
 * internal it relies on (_extract_fbank_features). Texts on both feature paths: whisper-decode.test.ts.
 */
import type { AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supportsFastDecode, whisperFeatures } from './fast-decode.ts';
import { load16k, loadTestAsr } from './testing/test-model.ts';

let asr: AutomaticSpeechRecognitionPipeline;

beforeAll(async () => {
  asr = await loadTestAsr();
}, 60_000);

afterAll(async () => {
  await asr.dispose();
});

describe('fast Whisper decode', () => {
  it('is supported by the installed library', () => {
    expect(supportsFastDecode(asr)).toBe(true);
  });

  it.each(['u02.wav', 'u05.wav', 'u09.wav', 'silence-3s.wav'])('computes the same log-mel features as the pipeline for %s', async (name) => {
    const audio = await load16k(name);
    const reference = (await asr.processor(audio)).input_features;
    const fast = await whisperFeatures(asr, audio);
    expect(fast.dims).toEqual(reference.dims);
    let maxDiff = 0;
    for (let i = 0; i < reference.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs(Number(reference.data[i]) - Number(fast.data[i])));
    expect(maxDiff).toBeLessThan(1e-5);
  });
});
