/**
 * The worker thread and its protocol: init → progress → ready, transcribe (with a prompt) →
 * result, load errors as { code, message }, shutdown → done.
 */
import { AutoTokenizer, env } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import type { RecognitionPrompt } from '../../../shared/transcript/prompt.ts';
import { fixturePath, testModelsDir } from '../../../test/env.ts';
import { AudioInput, concat } from '../audio/audio-input.ts';
import { readWavFile } from '../audio/wav.ts';
import { TranscriptionError } from '../errors.ts';
import { DEFAULT_DECODE_OPTIONS } from '../service.ts';
import { fitPrompt, PROMPT_MAX_TOKENS, promptBudget } from './prompt-tokens.ts';
import { fixtureText, load16k, TEST_MODEL_ID } from './testing/test-model.ts';
import { WhisperWorker, type WhisperWorkerOptions } from './whisper-worker.ts';

const BASE: WhisperWorkerOptions = {
  modelId: 'test/whisper-lookup-zh',
  modelsDir: '',
  dtype: 'q8',
  allowRemoteModels: false,
  warmup: true,
  threads: 1,
  fastFeatures: true,
};

describe('WhisperWorker', () => {
  it('loads once with progress, decodes segments, and shuts down', async () => {
    const progress: number[] = [];
    let warming = 0;
    const worker = WhisperWorker.spawn({ ...BASE, modelsDir: testModelsDir(), onProgress: (p) => progress.push(p), onWarming: () => warming++ });
    const ready = await worker.ready();
    expect(ready.loadMs).toBeGreaterThan(0);
    expect(ready.warmupMs).toBeGreaterThan(0);
    expect(warming).toBe(1);
    expect(progress.at(-1)).toBe(1);
    const input = new AudioInput();
    const audio = concat([input.push(await readWavFile(fixturePath('audio', 'u10.wav'))), input.flush()]);
    const [a, b] = await Promise.all([worker.decode(audio, DEFAULT_DECODE_OPTIONS), worker.decode(audio, DEFAULT_DECODE_OPTIONS)]);
    expect(a.text).toBe('好，我就讲这些。');
    expect(b.text).toBe(a.text); // every decode is independent: no carried-over context
    expect(audio.length).toBeGreaterThan(0); // the caller's buffer was not transferred away
    await worker.close();
    await expect(worker.decode(audio, DEFAULT_DECODE_OPTIONS)).rejects.toMatchObject({ code: 'WORKER_EXITED' });
  }, 60_000);

  it('decodes with the meeting prompt: the segment’s text only, the prompt fitted to its budget', async () => {
    const worker = WhisperWorker.spawn({ ...BASE, modelsDir: testModelsDir() });
    const prompt: RecognitionPrompt = { terms: ['省公安厅厅长张建国', '两为整治'], previousText: '下面，我就推进两为整治工作讲七点要求。' };
    env.allowRemoteModels = false;
    env.localModelPath = `${testModelsDir()}/`;
    const tokenizer = await AutoTokenizer.from_pretrained(TEST_MODEL_ID);
    const firstSpecial = Math.min(...tokenizer.all_special_ids);
    const expected = fitPrompt(
      prompt,
      {
        encode: (text) => tokenizer.encode(text, { add_special_tokens: false }),
        startOfPrev: Number(tokenizer.convert_tokens_to_ids(['<|startofprev|>'])[0]),
        isSpecial: (id) => id >= firstSpecial,
      },
      promptBudget({ maxTargetPositions: 448, initTokens: 4, maxNewTokens: DEFAULT_DECODE_OPTIONS.maxNewTokens }),
    );
    const result = await worker.decode(await load16k('u02.wav'), DEFAULT_DECODE_OPTIONS, prompt);
    expect(result.text).toBe(await fixtureText('u02.wav'));
    expect(result.promptTokens).toBe(expected.ids.length - 1);
    expect(result.promptTokens).toBeGreaterThan(20);
    const plain = await worker.decode(await load16k('u02.wav'), DEFAULT_DECODE_OPTIONS);
    expect(plain).toMatchObject({ text: result.text, promptTokens: 0 });
    await worker.close();
  }, 60_000);

  it('shortens a prompt far beyond every limit instead of refusing it', async () => {
    const worker = WhisperWorker.spawn({ ...BASE, modelsDir: testModelsDir(), warmup: false });
    const prompt: RecognitionPrompt = {
      terms: Array.from({ length: 1000 }, (_, i) => `${'很长的术语'.repeat(40)}${i}`).concat(['两为整治']),
      previousText: '各单位要抓好宣传发动工作。'.repeat(10_000),
    };
    const result = await worker.decode(await load16k('u03.wav'), DEFAULT_DECODE_OPTIONS, prompt);
    expect(result.text).toBe(await fixtureText('u03.wav'));
    expect(result.promptTokens).toBeGreaterThan(0);
    expect(result.promptTokens).toBeLessThanOrEqual(PROMPT_MAX_TOKENS);
    await worker.close();
  }, 60_000);

  it('reports a model that fails to load as MODEL_LOAD_FAILED', async () => {
    // fp16 files do not exist for the test model, so Transformers.js cannot load it.
    const worker = WhisperWorker.spawn({ ...BASE, modelsDir: testModelsDir(), dtype: 'fp16' });
    const error = await worker.ready().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TranscriptionError);
    expect((error as TranscriptionError).code).toBe('MODEL_LOAD_FAILED'); // instance checked above
    expect((error as TranscriptionError).message.length).toBeGreaterThan(0);
    await worker.close();
  }, 60_000);
});
