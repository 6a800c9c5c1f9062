/**
 * Scoring a labelled corpus: how each text is presented to the extractor (as written, stripped of
 * punctuation, with ASR-like noise), per-text and summed figures, and the speeches' table. Pure:
 * the texts come in as data (server/cli/lib/corpus.ts loads them).
 */
import { extract } from '../index.ts';
import { asrNoise } from './asr-noise.ts';
import { addCounts, scoreText, stripPunctuation, summarize, ZERO_COUNTS, type Counts, type Label } from './scoring.ts';

/** One labelled fixture text. */
export interface Fixture { id: string; text: string; label: Label }

/** Share of characters the noisy news copies swap for homophones. */
export const NOISE_SWAP_RATE = 0.03;

/** A deterministic seed per text id (FNV-1a), so a text's noisy copy never changes between runs. */
export function seedOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** How a corpus text is presented to the extractor. */
export type Variant = (fx: Fixture) => string;

/** The text as written. */
export const AS_WRITTEN: Variant = (fx) => fx.text;
/** Every punctuation mark removed (what a recogniser without punctuation gives). */
export const STRIPPED: Variant = (fx) => stripPunctuation(fx.text);
/** Stripped, and NOISE_SWAP_RATE of the characters swapped for homophones (seeded per text id). */
export const NOISY: Variant = (fx) => asrNoise(fx.text, { seed: seedOf(fx.id), swapRate: NOISE_SWAP_RATE });

/** Per-text figures of one variant. */
export interface TextScore { precision: number; recall: number; f1: number; gold: number; predicted: number; matched: number }

/** Summed figures of a corpus under one variant, and each text's own. */
export interface CorpusScore { summary: Record<string, number | string>; perText: Record<string, TextScore> }

/** Extracts every text of `fixtures` presented as `variant`, and scores it against its label. */
export function scoreCorpus(fixtures: Fixture[], variant: Variant): CorpusScore {
  let sum: Counts = ZERO_COUNTS;
  const perText: Record<string, TextScore> = {};
  for (const fx of fixtures) {
    const c = scoreText(extract(variant(fx)), fx.label);
    sum = addCounts(sum, c);
    const s = summarize(c);
    perText[fx.id] = {
      precision: Number(s.item_precision), recall: Number(s.item_recall), f1: Number(s.item_f1),
      gold: c.goldItems, predicted: c.predItems, matched: c.matchedItems,
    };
  }
  return { summary: summarize(sum), perText };
}

/** Scores every news fixture, punctuated and stripped (the shape the fixture tests read). */
export function evaluate(fixtures: Fixture[]): {
  punctuated: Record<string, number | string>;
  stripped: Record<string, number | string>;
  per_text: Record<string, { f1: number | string; stripped_f1: number | string }>;
} {
  const a = scoreCorpus(fixtures, AS_WRITTEN);
  const b = scoreCorpus(fixtures, STRIPPED);
  const perText: Record<string, { f1: number; stripped_f1: number }> = {};
  for (const fx of fixtures) perText[fx.id] = { f1: a.perText[fx.id]?.f1 ?? 0, stripped_f1: b.perText[fx.id]?.f1 ?? 0 };
  return { punctuated: a.summary, stripped: b.summary, per_text: perText };
}

/** Markdown table of the speeches: gold items, P/R/F1 as written, F1 stripped. */
export function speechTable(fixtures: Fixture[], written: CorpusScore, stripped: CorpusScore): string {
  const f = (n: number | undefined): string => (n === undefined ? '–' : n.toFixed(2));
  const rows = fixtures.map((fx) => {
    const w = written.perText[fx.id];
    const s = stripped.perText[fx.id];
    const trap = fx.label.speakers.length === 0;
    const asWritten = trap ? `${w?.predicted ?? 0} false items` : `${f(w?.precision)} / ${f(w?.recall)} / ${f(w?.f1)}`;
    const bare = trap ? `${s?.predicted ?? 0} false items` : f(s?.f1);
    return `| ${fx.id} | ${trap ? 'trap' : String(w?.gold ?? 0)} | ${asWritten} | ${bare} |`;
  });
  return ['| text | gold items | as written P / R / F1 | stripped F1 |', '|---|---|---|---|', ...rows].join('\n');
}
