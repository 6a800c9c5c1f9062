/**
 * The worker thread and its protocol: init → progress → ready, transcribe → result,
 * load errors as { code, message }, shutdown → done.
 */
import { describe, expect, it } from 'vitest';
import { fixturePath, testModelsDir } from '../../../test/env.ts';
import { AudioInput, concat } from '../audio/audio-input.ts';
import { readWavFile } from '../audio/wav.ts';
import { TranscriptionError } from '../errors.ts';
import { DEFAULT_DECODE_OPTIONS } from '../service.ts';
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
