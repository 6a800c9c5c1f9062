/**
 * Message protocol between the recogniser client (main thread) and the Whisper worker thread.
 * Tagged unions in both directions; every request carries an id that its reply echoes.
 * Exchanges: init → progress* → ready | error; transcribe → result | error; shutdown → done.
 * Errors cross as plain { code, message }, never as Error objects. The schemas are the protocol:
 * each side validates what it receives with them, and the message types are inferred from them.
 */
import { z } from 'zod';
import { MAX_PREVIOUS_TEXT_CHARS, MAX_PROMPT_TERM_CHARS, MAX_PROMPT_TERMS, type RecognitionPrompt } from '../../../shared/transcript/prompt.ts';
import type { TranscriptionErrorCode } from '../errors.ts';

const ERROR_CODES = [
  'MODEL_MISSING',
  'MODEL_LOAD_FAILED',
  'DECODE_FAILED',
  'WORKER_EXITED',
  'QUEUE_FULL',
  'AUDIO_BACKLOG_FULL',
  'AUDIO_INVALID',
  'WAV_INVALID',
  'CLOSED',
] as const satisfies readonly TranscriptionErrorCode[];
// Compile-time check that every TranscriptionErrorCode can cross the worker boundary.
const allCodesCross: [Exclude<TranscriptionErrorCode, (typeof ERROR_CODES)[number]>] extends [never] ? true : false = true;
void allCodesCross;

const errorCodeSchema = z.enum(ERROR_CODES);

const decodeOptionsSchema = z.object({
  /** Whisper language, e.g. 'chinese'. */
  language: z.string().min(1).max(32),
  task: z.literal('transcribe'),
  /** Ban repeating any n-gram of this many tokens (stops loops; 0 disables). */
  noRepeatNgramSize: z.number().int().min(0).max(64),
  /** Penalty on tokens already generated (> 1 discourages loops). */
  repetitionPenalty: z.number().min(1).max(3),
  /** Cap on generated tokens per segment (≈ 20 s of fast Chinese speech needs ~200). */
  maxNewTokens: z.number().int().min(1).max(440),
});

/** Decoding settings sent with every transcribe request. */
export type DecodeOptions = z.infer<typeof decodeOptionsSchema>;

/** Sizes match boundPrompt, which the sending side applies, so a long prompt is cut, not refused. */
const promptSchema = z.object({
  // Limits are in code points there and UTF-16 units here, where one code point may take two.
  terms: z.array(z.string().max(2 * MAX_PROMPT_TERM_CHARS)).max(MAX_PROMPT_TERMS),
  previousText: z.string().max(2 * MAX_PREVIOUS_TEXT_CHARS),
}) satisfies z.ZodType<RecognitionPrompt>;

/** Validates requests inside the worker (main thread → worker). */
export const workerRequestSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    id: z.number().int(),
    /** Model id below the models dir (e.g. Xenova/whisper-small). */
    modelId: z.string().min(1),
    /** Absolute models dir (Transformers.js `env.localModelPath`). */
    modelsDir: z.string().min(1),
    dtype: z.string().min(1),
    allowRemoteModels: z.boolean(),
    /** Run one decode on a short noise clip before answering ready. */
    warmup: z.boolean(),
    /** ONNX Runtime intra-op threads (0 = library default). */
    threads: z.number().int().min(0).max(256),
    /** Compute log-mel over the segment only (identical features, see fast-decode.ts). */
    fastFeatures: z.boolean(),
  }),
  z.object({
    type: z.literal('transcribe'),
    id: z.number().int(),
    audio: z.instanceof(Float32Array),
    options: decodeOptionsSchema,
    /** Whisper's previous-text prompt for this segment (bounded by boundPrompt), or null. */
    prompt: promptSchema.nullable(),
  }),
  z.object({ type: z.literal('shutdown'), id: z.number().int() }),
]);

/** Validates replies on the main thread (a worker bug must not corrupt the pending map). */
export const workerResponseSchema = z.discriminatedUnion('type', [
  /** `progress` is 0..1. */
  z.object({ type: z.literal('progress'), id: z.number().int(), progress: z.number(), file: z.string().optional() }),
  z.object({ type: z.literal('warming'), id: z.number().int() }),
  z.object({ type: z.literal('ready'), id: z.number().int(), loadMs: z.number(), warmupMs: z.number() }),
  z.object({
    type: z.literal('result'),
    id: z.number().int(),
    /** Whisper's text for the segment only (never the prompt). */
    text: z.string(),
    /** Time inside the decode, ms. */
    decodeMs: z.number(),
    /** Prompt tokens the decoder received after fitting (0 = none). */
    promptTokens: z.number().int().min(0),
  }),
  z.object({ type: z.literal('error'), id: z.number().int(), error: z.object({ code: errorCodeSchema, message: z.string() }) }),
  z.object({ type: z.literal('done'), id: z.number().int() }),
]);

/** Main thread → worker. */
export type WorkerRequest = z.infer<typeof workerRequestSchema>;

/** Worker → main thread. */
export type WorkerResponse = z.infer<typeof workerResponseSchema>;

/** Settings of the init request: which model, and how the worker runs it. */
export type WorkerInit = Omit<Extract<WorkerRequest, { type: 'init' }>, 'type' | 'id'>;
