/**
 * The fast log-mel path must give exactly the library's features and texts; this guards the
 * two library internals it relies on (_extract_fbank_features, _decode_asr).
 */
import { env, pipeline, type AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, testModelsDir } from '../../../test/env.ts';
import { AudioInput, concat } from '../audio/audio-input.ts';
import { readWavFile } from '../audio/wav.ts';
import { DEFAULT_DECODE_OPTIONS } from '../service.ts';
import { fastDecode, supportsFastDecode, whisperFeatures } from './fast-decode.ts';

let asr: AutomaticSpeechRecognitionPipeline;

async function load16k(name: string): Promise<Float32Array> {
  const input = new AudioInput();
  return concat([input.push(await readWavFile(fixturePath('audio', name))), input.flush()]);
}

beforeAll(async () => {
  env.allowRemoteModels = false;
  env.localModelPath = `${testModelsDir()}/`;
  asr = (await pipeline('automatic-speech-recognition', 'test/whisper-lookup-zh', { dtype: 'q8' })) as AutomaticSpeechRecognitionPipeline; // overloads too wide to infer
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

  it.each(['u01.wav', 'u04.wav', 'u07.wav', 'silence-3s.wav'])('decodes %s to the pipeline’s exact text', async (name) => {
    const audio = await load16k(name);
    const reference = await asr(audio, {
      language: DEFAULT_DECODE_OPTIONS.language,
      task: 'transcribe',
      no_repeat_ngram_size: DEFAULT_DECODE_OPTIONS.noRepeatNgramSize,
      repetition_penalty: DEFAULT_DECODE_OPTIONS.repetitionPenalty,
      max_new_tokens: DEFAULT_DECODE_OPTIONS.maxNewTokens,
    });
    const text = await fastDecode(asr, audio, DEFAULT_DECODE_OPTIONS);
    expect(text).toBe(Array.isArray(reference) ? reference[0]?.text : reference.text);
    expect(text.length).toBeGreaterThan(0);
  });
});
