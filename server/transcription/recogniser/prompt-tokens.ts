/**
 * Fits a RecognitionPrompt into Whisper's previous-text slot as token ids:
 * `<|startofprev|>` + tokens of " " + terms + previous text, placed before `<|startoftranscript|>`.
 * Pure: the tokenizer comes in as a small encoder, so tests can run it on any vocabulary.
 *
 * Bounds, in this order: the terms take at most {@link PROMPT_TERMS_MAX_TOKENS} (whole terms,
 * in the given order, a term that does not fit is skipped); the previous text fills the rest up
 * to {@link PROMPT_MAX_TOKENS}, cut from its start (at a clause break when one is near). A prompt
 * that is too long is shortened, never refused.
 */
import { formatTerms, type RecognitionPrompt } from '../../../shared/transcript/prompt.ts';

/**
 * Prompt tokens per decode at most, without `<|startofprev|>`. Whisper accepts up to half its
 * 448-token context minus one (223, openai/whisper decoding.py); we stay well under it because
 * every prompt token is decoder work and long prompts raise the risk of Whisper repeating them.
 */
export const PROMPT_MAX_TOKENS = 120;
/** Of {@link PROMPT_MAX_TOKENS}, the most the terms may take, so the last sentence always has room. */
export const PROMPT_TERMS_MAX_TOKENS = 80;
/**
 * Characters after which a cut previous text may start (a clause break), so Whisper sees whole
 * clauses rather than half a word.
 */
const CLAUSE_BREAKS = new Set(['。', '！', '？', '；', '，', '、', '：', '.', '!', '?', ';', ',']);

/** The tokenizer as the fitter needs it. */
export interface PromptEncoder {
  /** Token ids of plain text, no special tokens added. */
  encode(text: string): number[];
  /** Id of `<|startofprev|>`. */
  startOfPrev: number;
  /**
   * True for ids that must never sit inside a prompt (special and timestamp tokens): text such
   * as "<|endoftext|>" in a glossary term would otherwise end or steer the decode.
   */
  isSpecial(id: number): boolean;
}

/** A prompt as the decoder receives it. */
export interface FittedPrompt {
  /** `<|startofprev|>` + prompt tokens; empty when there is nothing to say. */
  ids: number[];
  /** The text that was encoded (special-token text in it is dropped from `ids`). */
  text: string;
  /** Terms that fitted, in order. */
  terms: string[];
  /** The part of the previous text that fitted (a suffix of it). */
  previousText: string;
}

const EMPTY: FittedPrompt = { ids: [], text: '', terms: [], previousText: '' };

/**
 * Prompt tokens a decode can afford: the smaller of `maxTokens` and what the decoder context
 * leaves after `<|startofprev|>`, the start tokens and the generated tokens (never negative).
 */
export function promptBudget(context: { maxTargetPositions: number; initTokens: number; maxNewTokens: number }, maxTokens = PROMPT_MAX_TOKENS): number {
  const room = context.maxTargetPositions - context.initTokens - context.maxNewTokens - 1;
  return Math.max(0, Math.min(maxTokens, room, Math.floor(context.maxTargetPositions / 2) - 1));
}

/** Fit `prompt` into `maxTokens` prompt tokens (see the module comment). Never throws. */
export function fitPrompt(
  prompt: RecognitionPrompt | null | undefined,
  encoder: PromptEncoder,
  maxTokens = PROMPT_MAX_TOKENS,
  termsMaxTokens = PROMPT_TERMS_MAX_TOKENS,
): FittedPrompt {
  if (!prompt || maxTokens <= 0) return EMPTY;
  // Whisper's convention (openai/whisper, HF get_prompt_ids): the prompt text starts with a space.
  const tokens = (text: string): number[] => encoder.encode(` ${text}`).filter((id) => !encoder.isSpecial(id));
  const count = (text: string): number => tokens(text).length;

  const termsBudget = Math.min(termsMaxTokens, maxTokens);
  const terms: string[] = [];
  for (const term of prompt.terms) {
    if (term === '') continue;
    if (count(formatTerms([...terms, term])) <= termsBudget) terms.push(term);
  }
  const head = formatTerms(terms);

  const cs = Array.from(prompt.previousText);
  const fits = (start: number): boolean => count(head + cs.slice(start).join('')) <= maxTokens;
  // Smallest start whose suffix fits; token counts shrink as the suffix does.
  let lo = 0;
  let hi = cs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fits(mid)) hi = mid;
    else lo = mid + 1;
  }
  let start = lo;
  // Byte-level BPE is not strictly monotone: step on until the suffix really fits.
  while (start < cs.length && !fits(start)) start++;
  if (start > 0 && !CLAUSE_BREAKS.has(cs[start - 1] ?? '')) {
    const limit = start + Math.floor((cs.length - start) / 2);
    for (let i = start + 1; i <= limit; i++) {
      if (CLAUSE_BREAKS.has(cs[i - 1] ?? '')) {
        start = i;
        break;
      }
    }
  }
  const previousText = cs.slice(start).join('');
  const text = head + previousText;
  if (text === '') return EMPTY;
  const ids = tokens(text);
  if (ids.length === 0 || ids.length > maxTokens) return EMPTY; // only when even the leading space does not fit
  return { ids: [encoder.startOfPrev, ...ids], text, terms, previousText };
}
