/**
 * The Whisper test double loaded in the test process (not in a worker), for tests that need to
 * look inside a decode: the pipeline, fixture audio at 16 kHz, and a trace of what the decoder
 * was fed.
 */
import { readFile } from 'node:fs/promises';
import { env, pipeline, Tensor, type AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';
import { fixturePath, testModelsDir } from '../../../../test/env.ts';
import { AudioInput, concat } from '../../audio/audio-input.ts';
import { readWavFile } from '../../audio/wav.ts';

/** Test model id below LUOSHI_MODELS_DIR. */
export const TEST_MODEL_ID = 'test/whisper-lookup-zh';

/** Load the lookup test model from LUOSHI_MODELS_DIR, local files only. */
export async function loadTestAsr(): Promise<AutomaticSpeechRecognitionPipeline> {
  env.allowRemoteModels = false;
  env.localModelPath = `${testModelsDir()}/`;
  return (await pipeline('automatic-speech-recognition', TEST_MODEL_ID, { dtype: 'q8' })) as AutomaticSpeechRecognitionPipeline; // overloads too wide to infer
}

/** A fixture file as 16 kHz mono Float32. */
export async function load16k(name: string): Promise<Float32Array> {
  const input = new AudioInput();
  return concat([input.push(await readWavFile(fixturePath('audio', name))), input.flush()]);
}

/** The fixture transcript of `name` (transcripts.json), as the test model writes it. */
export async function fixtureText(name: string): Promise<string> {
  const all = JSON.parse(await readFile(fixturePath('audio', 'transcripts.json'), 'utf8')) as Record<string, { text: string }>; // team fixture, shape in its README
  const entry = all[name];
  if (!entry) throw new Error(`no transcript for ${name}`);
  return entry.text;
}

interface ForwardHost {
  forward(inputs: unknown): Promise<Record<string, unknown>>;
}

/**
 * Run `fn` and return the token ids the decoder was fed, read from the decoder's own output:
 * the test model writes every input id into its self-attention KV cache, so channel 0 of head 0
 * of `present.0.decoder.key` at position t holds the id of position t. The last step's cache is
 * the whole sequence (prompt, start tokens, generated tokens but the last).
 */
export async function traceDecoder<T>(asr: AutomaticSpeechRecognitionPipeline, fn: () => Promise<T>): Promise<{ result: T; fed: number[] }> {
  const model = asr.model as unknown as ForwardHost; // forward() is the library's per-step call
  const original = model.forward;
  let fed: number[] = [];
  model.forward = async (inputs: unknown) => {
    const out = await original.call(model, inputs);
    const key = out['present.0.decoder.key'];
    if (key instanceof Tensor) {
      const [, , positions = 0, width = 0] = key.dims;
      const data = key.data;
      // Copied now: the library may dispose the cache after the step.
      fed = Array.from({ length: positions }, (_, t) => Math.round(Number(data[t * width])));
    }
    return out;
  };
  try {
    return { result: await fn(), fed };
  } finally {
    // forward lives on the prototype; removing the own property restores it.
    delete (model as Partial<ForwardHost>).forward;
  }
}
