/**
 * Scores held-out speech rounds the way docs/extractor.md reports them: per text and summed, as
 * written (one-shot), punctuation-stripped (one-shot) and, for recogniser forms, live (each segment
 * pushed with a pause). The CLI is `npm run --silent eval:heldout -- [A|B|C|D|all]` (eval-heldout.ts).
 */
import { HELDOUT_SPEECHES as ROUND_A } from '../../../shared/extraction/testing/heldout-speeches.ts';
import { SECTION_SPEECHES as ROUND_B } from '../../../shared/extraction/testing/heldout-speeches-sections.ts';
import { BUREAU_SPEECHES } from '../../../shared/extraction/testing/heldout-speeches-bureaus.ts';
import { HOSTED_SPEECHES } from '../../../shared/extraction/testing/heldout-speeches-hosted.ts';
import { RECOGNISER_SPEECHES } from '../../../shared/extraction/testing/heldout-speeches-recogniser.ts';
import { SPOKEN_RUNON_SPEECHES } from '../../../shared/extraction/testing/heldout-speeches-spoken-runon.ts';
import type { HeldoutSpeech } from '../../../shared/extraction/testing/heldout-speeches.ts';
import { createExtractor, extract } from '../../../shared/extraction/index.ts';
import { addCounts, scoreText, stripPunctuation, summarize, ZERO_COUNTS, type Counts } from '../../../shared/extraction/evaluation/scoring.ts';
import type { ExtractionResult } from '../../../shared/extraction/types.ts';

/** Held-out rounds by letter. */
export const ROUNDS: Record<string, HeldoutSpeech[]> = {
  A: ROUND_A,
  B: ROUND_B,
  C: [...BUREAU_SPEECHES, ...HOSTED_SPEECHES, ...RECOGNISER_SPEECHES],
  D: SPOKEN_RUNON_SPEECHES,
};

/** Pushes `segments`, each followed by a pause, through a live extractor. */
export function live(segments: string[]): ExtractionResult {
  const ex = createExtractor();
  for (const seg of segments) ex.push(seg, { boundary: true });
  ex.end();
  return ex.result();
}

/** Summed counts and per-text summaries of one presentation of the texts. */
export interface VariantScore { summary: Record<string, number | string>; perText: Record<string, Record<string, number | string>> }

function scoreVariant(texts: HeldoutSpeech[], run: (h: HeldoutSpeech) => ExtractionResult): VariantScore {
  let sum: Counts = ZERO_COUNTS;
  const perText: Record<string, Record<string, number | string>> = {};
  for (const h of texts) {
    const c = scoreText(run(h), h.label);
    sum = addCounts(sum, c);
    perText[h.name.split(' ')[0] ?? h.name] = summarize(c);
  }
  return { summary: summarize(sum), perText };
}

/** As written (one-shot), stripped (one-shot), and live for the texts that have recogniser segments. */
export function heldoutReport(texts: HeldoutSpeech[]): { written: VariantScore; stripped: VariantScore; asr: VariantScore } {
  const written = texts.filter((h) => !h.segments);
  const asr = texts.filter((h) => h.segments);
  return {
    written: scoreVariant(written, (h) => extract(h.text)),
    stripped: scoreVariant(written, (h) => extract(stripPunctuation(h.text))),
    asr: scoreVariant(asr, (h) => live(h.segments ?? [h.text])),
  };
}

const cell = (s: Record<string, number | string> | undefined): string => {
  if (!s) return '–';
  const f = (k: string): string => Number(s[k]).toFixed(2);
  if (s.trap_texts_clean !== '0/0') return `trap: ${s.predicted_items} false`;
  return `${f('item_precision')} / ${f('item_recall')} / ${f('item_f1')}`;
};

/** Markdown table: P/R/F1 as written and stripped, speaker, count, responsible F1, deadlines. */
export function heldoutTable(r: ReturnType<typeof heldoutReport>): string {
  const rows = Object.entries({ ...r.written.perText, ...r.asr.perText }).map(([id, s]) => {
    const st = r.stripped.perText[id];
    return `| ${id} | ${s.gold_items} | ${cell(s)} | ${st ? cell(st) : '–'} | ${s.speaker_accuracy} | ${s.announced_count_accuracy} | ${s.responsible_f1} | ${s.deadline_accuracy} |`;
  });
  return ['| text | gold | P / R / F1 (ASR: live) | stripped | speaker | count | responsible F1 | deadline |', '|---|---|---|---|---|---|---|---|', ...rows].join('\n');
}
