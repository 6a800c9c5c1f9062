/**
 * Whisper worker thread: loads the model once from local files, warms it up, then decodes
 * one segment per request with its prompt (whisper-decode.ts). Runs off the main thread so the
 * event loop never blocks.
 */
import { parentPort } from 'node:worker_threads';
import { env, pipeline, type AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';
import type { TranscriptionErrorCode } from '../errors.ts';
import { generationOptions, supportsFastDecode } from './fast-decode.ts';
import { type WorkerRequest, type WorkerResponse, workerRequestSchema } from './protocol.ts';
import { decodeSegment, type FeatureMode, supportsPromptedDecode } from './whisper-decode.ts';

/** Length of the warm-up clip, samples at 16 kHz (1 s). */
const WARMUP_SAMPLES = 16_000;
/** Minimum gap between two progress messages, ms. */
const PROGRESS_INTERVAL_MS = 200;
/** The warm-up decode: the path and prompt handling real segments take, a few tokens only. */
const WARMUP_OPTIONS = { language: 'chinese', task: 'transcribe', noRepeatNgramSize: 6, repetitionPenalty: 1.1, maxNewTokens: 16 } as const;
const WARMUP_PROMPT = { terms: ['会议'], previousText: '下面开会。' };

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');

let asr: AutomaticSpeechRecognitionPipeline | null = null;
/**
 * How segments are decoded: whisper-decode.ts with fast or library features (both take the
 * prompt), or — only if this library version lacks the internals it needs — the plain pipeline
 * call, which cannot take a prompt without writing it into the text.
 */
let mode: FeatureMode | 'pipeline' = 'pipeline';

function send(message: WorkerResponse): void {
  port?.postMessage(message);
}

function fail(id: number, code: TranscriptionErrorCode, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  send({ type: 'error', id, error: { code, message } });
}

/** Progress events of Transformers.js that carry an overall percentage. */
function overallProgress(event: unknown): number | null {
  if (typeof event !== 'object' || event === null) return null;
  const e = event as { status?: unknown; progress?: unknown }; // library callback payload, checked field by field
  return e.status === 'progress_total' && typeof e.progress === 'number' ? e.progress / 100 : null;
}

async function init(msg: Extract<WorkerRequest, { type: 'init' }>): Promise<void> {
  if (asr) {
    fail(msg.id, 'MODEL_LOAD_FAILED', new Error('model already loaded'));
    return;
  }
  const started = performance.now();
  env.allowRemoteModels = msg.allowRemoteModels;
  env.allowLocalModels = true;
  env.localModelPath = msg.modelsDir.endsWith('/') ? msg.modelsDir : `${msg.modelsDir}/`;
  let lastProgressAt = 0;
  try {
    // The pipeline factory's overloads are too wide for TypeScript to infer the ASR type here.
    asr = (await pipeline('automatic-speech-recognition', msg.modelId, {
      dtype: msg.dtype as 'q8', // validated against the registry's dtype list by the caller
      device: 'cpu',
      session_options: msg.threads > 0 ? { intraOpNumThreads: msg.threads, interOpNumThreads: 1 } : {},
      progress_callback: (event: unknown) => {
        const progress = overallProgress(event);
        const now = performance.now();
        if (progress !== null && (now - lastProgressAt >= PROGRESS_INTERVAL_MS || progress >= 1)) {
          lastProgressAt = now;
          send({ type: 'progress', id: msg.id, progress: Math.min(1, progress) });
        }
      },
    })) as AutomaticSpeechRecognitionPipeline;
  } catch (err) {
    fail(msg.id, 'MODEL_LOAD_FAILED', err);
    return;
  }
  if (supportsPromptedDecode(asr)) mode = msg.fastFeatures && supportsFastDecode(asr) ? 'fast' : 'library';
  const loadMs = performance.now() - started;
  let warmupMs = 0;
  if (msg.warmup) {
    send({ type: 'warming', id: msg.id });
    const warmStart = performance.now();
    const noise = new Float32Array(WARMUP_SAMPLES);
    for (let i = 0; i < noise.length; i++) noise[i] = (Math.random() - 0.5) * 0.002;
    try {
      if (mode === 'pipeline') await asr(noise, { language: 'chinese', task: 'transcribe' });
      else await decodeSegment(asr, noise, WARMUP_OPTIONS, WARMUP_PROMPT, mode);
    } catch (err) {
      fail(msg.id, 'MODEL_LOAD_FAILED', err);
      return;
    }
    warmupMs = performance.now() - warmStart;
  }
  send({ type: 'ready', id: msg.id, loadMs, warmupMs });
}

async function transcribe(msg: Extract<WorkerRequest, { type: 'transcribe' }>): Promise<void> {
  if (!asr) {
    fail(msg.id, 'DECODE_FAILED', new Error('model not loaded'));
    return;
  }
  const started = performance.now();
  try {
    if (mode !== 'pipeline') {
      const { text, promptTokens } = await decodeSegment(asr, msg.audio, msg.options, msg.prompt, mode);
      send({ type: 'result', id: msg.id, text, decodeMs: performance.now() - started, promptTokens });
      return;
    }
    const output = await asr(msg.audio, generationOptions(msg.options));
    const first = Array.isArray(output) ? output[0] : output;
    send({ type: 'result', id: msg.id, text: first?.text ?? '', decodeMs: performance.now() - started, promptTokens: 0 });
  } catch (err) {
    fail(msg.id, 'DECODE_FAILED', err);
  }
}

async function handle(raw: unknown): Promise<void> {
  const parsed = workerRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const id = typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'number' ? raw.id : -1;
    fail(id, 'DECODE_FAILED', new Error(`invalid request: ${parsed.error.message}`));
    return;
  }
  const msg: WorkerRequest = parsed.data;
  switch (msg.type) {
    case 'init':
      return init(msg);
    case 'transcribe':
      return transcribe(msg);
    case 'shutdown':
      await asr?.dispose();
      asr = null;
      send({ type: 'done', id: msg.id });
      port?.close();
      return;
    default: {
      const unreachable: never = msg;
      throw new Error(`unhandled request ${JSON.stringify(unreachable)}`);
    }
  }
}

// Requests are handled one at a time, in arrival order.
let chain: Promise<void> = Promise.resolve();
port.on('message', (raw: unknown) => {
  chain = chain.then(() => handle(raw)).catch((err: unknown) => fail(-1, 'DECODE_FAILED', err));
});
