/**
 * One Whisper decode with the meeting's prompt, as the worker runs it on every path.
 *
 * Transformers.js 4.3 has no working prompt option: `WhisperGenerationConfig.prompt_ids` is
 * declared but `WhisperForConditionalGeneration.generate()` never reads it (the parameter is
 * commented out), and the ASR pipeline passes the whole output sequence, prompt included, to
 * `_decode_asr`, which keeps every non-special token as text. So we do what the library's own
 * generate() does with its start tokens, one step earlier:
 *   1. `decoder_input_ids` = `<|startofprev|>` + prompt + the library's own start tokens
 *      (`_retrieve_init_tokens`: `<|startoftranscript|><|zh|><|transcribe|><|notimestamps|>`);
 *   2. the loop guards (repetition penalty, no-repeat n-grams) see only the tokens from
 *      `<|startoftranscript|>` on, as without a prompt: the library's own processors would
 *      otherwise punish the very words the prompt suggests (measured: a prompt holding the
 *      utterance's text turned 第一，要精心组织部署 into 第一，要!心组织!署);
 *   3. the text is decoded from the tokens after the start tokens only, so the prompt can never
 *      appear in the output.
 * Features come from fast-decode.ts (log-mel over the segment only) or from the library's
 * processor (the full 30 s window, as the pipeline computes them).
 */
import {
  LogitsProcessor,
  LogitsProcessorList,
  NoRepeatNGramLogitsProcessor,
  RepetitionPenaltyLogitsProcessor,
  Tensor,
  type AutomaticSpeechRecognitionPipeline,
} from '@huggingface/transformers';
import type { RecognitionPrompt } from '../../../shared/transcript/prompt.ts';
import { generationOptions, whisperFeatures } from './fast-decode.ts';
import { type FittedPrompt, fitPrompt, promptBudget, type PromptEncoder } from './prompt-tokens.ts';
import type { DecodeOptions } from './protocol.ts';

/** How the worker computes features: 'fast' (segment only, see fast-decode.ts) or 'library' (30 s window). */
export type FeatureMode = 'fast' | 'library';

/** Whisper's decoder context when the config does not say, tokens. */
const DEFAULT_MAX_TARGET_POSITIONS = 448;

/** Text and prompt size of one decode. */
export interface SegmentDecode {
  text: string;
  /** Prompt tokens the decoder received, `<|startofprev|>` excluded (0 = no prompt). */
  promptTokens: number;
}

/** The library internals this module relies on (checked at run time, guarded by tests). */
interface WhisperModelLike {
  config: { max_target_positions?: unknown };
  _prepare_generation_config(generationConfig: null, kwargs: Record<string, unknown>): unknown;
  _retrieve_init_tokens(generationConfig: unknown): number[];
  generate(args: Record<string, unknown>): Promise<unknown>;
}
interface WhisperTokenizerLike {
  encode(text: string, options: { add_special_tokens: boolean }): number[];
  convert_tokens_to_ids(tokens: string[]): Array<number | undefined>;
  all_special_ids: number[];
  _decode_asr(
    sequences: Array<{ tokens: bigint[]; stride: number[] }>,
    options: { time_precision: number; return_timestamps: boolean; force_full_sequences: boolean },
  ): [string, unknown];
}
interface FeatureConfig {
  hop_length: number;
  n_samples: number;
  chunk_length: number;
}

function hasMethods(value: unknown, names: readonly string[]): boolean {
  // Transformers.js components are callables (functions with methods), hence the 'function' case.
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  return names.every((n) => typeof (value as Record<string, unknown>)[n] === 'function'); // probing methods by name
}

function modelOf(asr: AutomaticSpeechRecognitionPipeline): WhisperModelLike | null {
  const model: unknown = asr.model;
  return hasMethods(model, ['_prepare_generation_config', '_retrieve_init_tokens', 'generate']) ? (model as WhisperModelLike) : null; // checked above
}

function tokenizerOf(asr: AutomaticSpeechRecognitionPipeline): WhisperTokenizerLike | null {
  const tok: unknown = asr.tokenizer;
  return hasMethods(tok, ['encode', 'convert_tokens_to_ids', '_decode_asr']) ? (tok as WhisperTokenizerLike) : null; // checked above
}

function featureConfigOf(asr: AutomaticSpeechRecognitionPipeline): FeatureConfig {
  const fe = asr.processor.feature_extractor;
  if (!fe) throw new Error('pipeline has no feature extractor');
  return fe.config as FeatureConfig; // Whisper's preprocessor_config.json fields
}

/** True when this library version exposes what prompted decoding needs (else the worker falls back to the plain pipeline). */
export function supportsPromptedDecode(asr: AutomaticSpeechRecognitionPipeline): boolean {
  const tok = tokenizerOf(asr);
  return modelOf(asr) !== null && tok !== null && typeof tok.convert_tokens_to_ids(['<|startofprev|>'])[0] === 'number';
}

/** The tokenizer as prompt-tokens.ts needs it. */
export function promptEncoder(asr: AutomaticSpeechRecognitionPipeline): PromptEncoder {
  const tok = tokenizerOf(asr);
  const startOfPrev = tok?.convert_tokens_to_ids(['<|startofprev|>'])[0];
  if (!tok || typeof startOfPrev !== 'number') throw new Error('tokenizer has no <|startofprev|>');
  const firstSpecial = Math.min(...tok.all_special_ids);
  return {
    encode: (text) => tok.encode(text, { add_special_tokens: false }),
    startOfPrev,
    // Whisper's special and timestamp tokens all sit above the text vocabulary.
    isSpecial: (id) => id >= firstSpecial,
  };
}

/**
 * The last fitted prompt, per tokenizer: a segment's interims and its final usually carry the
 * same prompt (the previous text changes only when a final arrives), so they share one fitting.
 */
const lastFit = new WeakMap<object, { key: string; fitted: FittedPrompt }>();

function fitCached(asr: AutomaticSpeechRecognitionPipeline, prompt: RecognitionPrompt | null, budget: number): FittedPrompt {
  if (!prompt) return fitPrompt(null, promptEncoder(asr), budget);
  const key = JSON.stringify([budget, prompt.terms, prompt.previousText]);
  const cached = lastFit.get(asr.tokenizer);
  if (cached?.key === key) return cached.fitted;
  const fitted = fitPrompt(prompt, promptEncoder(asr), budget);
  lastFit.set(asr.tokenizer, { key, fitted });
  return fitted;
}

/** Runs a library logits processor on the tokens after the prompt only. */
class AfterPrompt extends LogitsProcessor {
  constructor(
    private readonly inner: LogitsProcessor,
    private readonly promptLength: number,
  ) {
    super();
  }

  override _call(inputIds: bigint[][], logits: Tensor): Tensor {
    const scoped = this.promptLength === 0 ? inputIds : inputIds.map((ids) => ids.slice(this.promptLength));
    const out: unknown = this.inner(scoped, logits);
    return out instanceof Tensor ? out : logits; // library processors edit logits in place and return them
  }
}

/** Our loop guards, scoped to the tokens after the prompt. */
function loopGuards(options: DecodeOptions, promptLength: number): LogitsProcessorList {
  const list = new LogitsProcessorList();
  if (options.repetitionPenalty !== 1) list.push(new AfterPrompt(new RepetitionPenaltyLogitsProcessor(options.repetitionPenalty), promptLength));
  if (options.noRepeatNgramSize > 0) list.push(new AfterPrompt(new NoRepeatNGramLogitsProcessor(options.noRepeatNgramSize), promptLength));
  return list;
}

/** Decode one segment (≤ 30 s of 16 kHz audio) with an optional prompt. */
export async function decodeSegment(
  asr: AutomaticSpeechRecognitionPipeline,
  audio: Float32Array,
  options: DecodeOptions,
  prompt: RecognitionPrompt | null,
  features: FeatureMode,
): Promise<SegmentDecode> {
  const model = modelOf(asr);
  const tokenizer = tokenizerOf(asr);
  if (!model || !tokenizer) throw new Error('prompted decode unsupported by this library version');
  const fe = featureConfigOf(asr);
  const inputs = features === 'fast' ? await whisperFeatures(asr, audio) : (await asr.processor(audio)).input_features;

  const generation = generationOptions(options);
  // The exact start tokens generate() would use without a prompt (language, task, no timestamps).
  const initTokens = model._retrieve_init_tokens(model._prepare_generation_config(null, { ...generation }));
  const maxPositions = Number(model.config.max_target_positions ?? DEFAULT_MAX_TARGET_POSITIONS);
  const budget = promptBudget({ maxTargetPositions: maxPositions, initTokens: initTokens.length, maxNewTokens: options.maxNewTokens });
  const fitted = fitCached(asr, prompt, budget);
  const decoderInputIds = [...fitted.ids, ...initTokens];

  const output = await model.generate({
    inputs,
    ...generation,
    // The library's own guards would also see the prompt; ours (loopGuards) skip it.
    repetition_penalty: 1,
    no_repeat_ngram_size: 0,
    logits_processor: loopGuards(options, fitted.ids.length),
    decoder_input_ids: decoderInputIds,
    num_frames: Math.floor(audio.length / fe.hop_length),
  });
  if (!(output instanceof Tensor)) throw new Error('generate() returned no token tensor');
  const first: unknown = output.tolist()[0];
  if (!Array.isArray(first)) throw new Error('generate() returned an empty batch');
  // generate() returns the input ids followed by the new ones: keep only what Whisper wrote.
  const tokens = first.slice(decoderInputIds.length).filter((t): t is bigint => typeof t === 'bigint');
  const seconds = audio.length / (fe.n_samples / fe.chunk_length);
  const [text] = tokenizer._decode_asr([{ tokens, stride: [seconds, 0, 0] }], {
    time_precision: fe.chunk_length / 1500,
    return_timestamps: false,
    force_full_sequences: false,
  });
  return { text, promptTokens: Math.max(0, fitted.ids.length - 1) };
}
