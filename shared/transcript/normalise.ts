/**
 * Transcript normaliser: raw Whisper text → clean simplified-Chinese segment text.
 * Order matters: simplify first (hallucination phrases and the glossary are in simplified
 * characters), then drop hallucinations and loops, then punctuation, then the glossary.
 */
import { Converter } from 'opencc-js';
import { applyGlossary, type GlossaryTerm } from './glossary.ts';
import { collapseRepetitionLoops, removeHallucinationPhrases } from './hallucinations.ts';
import { isOnlyPunctuation, normalisePunctuation } from './punctuation.ts';

/** Traditional (OpenCC standard) → mainland simplified. Built once: the dictionaries are large. */
let toSimplifiedConverter: ((text: string) => string) | null = null;

/** Convert traditional Chinese to simplified (mainland) characters. */
export function toSimplified(text: string): string {
  toSimplifiedConverter ??= Converter({ from: 't', to: 'cn' });
  return toSimplifiedConverter(text);
}

/** Options of {@link normaliseTranscript}. */
export interface NormaliseOptions {
  /** Per-meeting hot words. */
  glossary?: readonly GlossaryTerm[];
}

/** Normalise one segment's raw recogniser text; returns '' when nothing real is left. */
export function normaliseTranscript(raw: string, options: NormaliseOptions = {}): string {
  let text = toSimplified(raw.normalize('NFC'));
  text = removeHallucinationPhrases(text);
  text = collapseRepetitionLoops(text);
  text = normalisePunctuation(text);
  if (isOnlyPunctuation(text)) return '';
  if (options.glossary && options.glossary.length > 0) text = applyGlossary(text, options.glossary);
  return text;
}
