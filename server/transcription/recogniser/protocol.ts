/**
 * Message protocol between the recogniser client (main thread) and the Whisper worker thread.
 * Tagged unions in both directions; every request carries an id that its reply echoes.
 * Exchanges: init → progress* → ready | error; transcribe → result | error; shutdown → done.
 * Errors cross as plain { code, message }, never as Error objects.
 */
import { z } from 'zod';
import { MAX_PREVIOUS_TEXT_CHARS, MAX_PROMPT_TERM_CHARS, MAX_PROMPT_TERMS, type RecognitionPrompt } from '../../../shared/transcript/prompt.ts';
import type { TranscriptionErrorCode } from '../errors.ts';

/** Decoding settings sent with every transcribe request. */
export interface DecodeOptions {
  /** Whisper language, e.g. 'chinese'. */
  language: string;
  task: 'transcribe';
  /** Ban repeating any n-gram of this many tokens (stops loops; 0 disables). */
  noRepeatNgramSize: number;
  /** Penalty on tokens already generated (> 1 discourages loops). */
  repetitionPenalty: number;
  /** Cap on generated tokens per segment (≈ 20 s of fast Chinese speech needs ~200). */
  maxNewTokens: number;
}

/** Main thread → worker. */
export type WorkerRequest =
  | {
      type: 'init';
      id: number;
      /** Model id below the models dir (e.g. Xenova/whisper-small). */
      modelId: string;
      /** Absolute models dir (Transformers.js `env.localModelPath`). */
      modelsDir: string;
      dtype: string;
      allowRemoteModels: boolean;
      /** Run one decode on a short noise clip before answering ready. */
      warmup: boolean;
      /** ONNX Runtime intra-op threads (0 = library default). */
      threads: number;
      /** Compute log-mel over the segment only (identical features, see fast-decode.ts). */
      fastFeatures: boolean;
    }
  | {
      type: 'transcribe';
      id: number;
      audio: Float32Array;
      options: DecodeOptions;
      /** Whisper's previous-text prompt for this segment (bounded by boundPrompt), or null. */
      prompt: RecognitionPrompt | null;
    }
  | { type: 'shutdown'; id: number };

/** Worker → main thread. */
export type WorkerResponse =
  | { type: 'progress'; id: number; /** 0..1 */ progress: number; file?: string }
  | { type: 'warming'; id: number }
  | { type: 'ready'; id: number; loadMs: number; warmupMs: number }
  | {
      type: 'result';
      id: number;
      /** Whisper's text for the segment only (never the prompt). */
      text: string;
      /** Time inside the decode, ms. */
      decodeMs: number;
      /** Prompt tokens the decoder received after fitting (0 = none). */
      promptTokens: number;
    }
  | { type: 'error'; id: number; error: { code: TranscriptionErrorCode; message: string } }
  | { type: 'done'; id: number };

const errorCodeSchema = z.enum([
  'MODEL_MISSING',
  'MODEL_LOAD_FAILED',
  'DECODE_FAILED',
  'WORKER_EXITED',
  'QUEUE_FULL',
  'AUDIO_BACKLOG_FULL',
  'AUDIO_INVALID',
  'WAV_INVALID',
  'CLOSED',
]);

const decodeOptionsSchema = z.object({
  language: z.string().min(1).max(32),
  task: z.literal('transcribe'),
  noRepeatNgramSize: z.number().int().min(0).max(64),
  repetitionPenalty: z.number().min(1).max(3),
  maxNewTokens: z.number().int().min(1).max(440),
});

/** Sizes match boundPrompt, which the sending side applies, so a long prompt is cut, not refused. */
const promptSchema = z.object({
  // Limits are in code points there and UTF-16 units here, where one code point may take two.
  terms: z.array(z.string().max(2 * MAX_PROMPT_TERM_CHARS)).max(MAX_PROMPT_TERMS),
  previousText: z.string().max(2 * MAX_PREVIOUS_TEXT_CHARS),
});

/** Validates requests inside the worker. */
export const workerRequestSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    id: z.number().int(),
    modelId: z.string().min(1),
    modelsDir: z.string().min(1),
    dtype: z.string().min(1),
    allowRemoteModels: z.boolean(),
    warmup: z.boolean(),
    threads: z.number().int().min(0).max(256),
    fastFeatures: z.boolean(),
  }),
  z.object({
    type: z.literal('transcribe'),
    id: z.number().int(),
    audio: z.instanceof(Float32Array),
    options: decodeOptionsSchema,
    prompt: promptSchema.nullable(),
  }),
  z.object({ type: z.literal('shutdown'), id: z.number().int() }),
]);

/** Validates replies on the main thread (a worker bug must not corrupt the pending map). */
export const workerResponseSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), id: z.number().int(), progress: z.number(), file: z.string().optional() }),
  z.object({ type: z.literal('warming'), id: z.number().int() }),
  z.object({ type: z.literal('ready'), id: z.number().int(), loadMs: z.number(), warmupMs: z.number() }),
  z.object({ type: z.literal('result'), id: z.number().int(), text: z.string(), decodeMs: z.number(), promptTokens: z.number().int().min(0) }),
  z.object({ type: z.literal('error'), id: z.number().int(), error: z.object({ code: errorCodeSchema, message: z.string() }) }),
  z.object({ type: z.literal('done'), id: z.number().int() }),
]);

/** Settings of the init request: which model, and how the worker runs it. */
export type WorkerInit = Omit<Extract<WorkerRequest, { type: 'init' }>, 'type' | 'id'>;
