/**
 * Scores held-out speech rounds the way docs/extractor.md reports them: per text and summed, as
 * written (one-shot), punctuation-stripped (one-shot) and, for recogniser forms, live (each segment
 * pushed with a pause). `npx tsx shared/extraction/testing/heldout-report.ts [C|D|all]` prints the
 * JSON summary on stdout and a per-text markdown table on stderr.
 */
import { HELDOUT_SPEECHES as ROUND_A } from './heldout-speeches.ts';
import { HELDOUT_SPEECHES_2 as ROUND_B } from './heldout-speeches-2.ts';
import { HELDOUT_SPEECHES_3 } from './heldout-speeches-3.ts';
import { HELDOUT_SPEECHES_3B } from './heldout-speeches-3b.ts';
import { HELDOUT_SPEECHES_3_ASR } from './heldout-speeches-3-asr.ts';
import { HELDOUT_SPEECHES_4 } from './heldout-speeches-4.ts';
import type { HeldoutSpeech } from './heldout-speeches.ts';
import { createExtractor, extract } from '../index.ts';
import { addCounts, scoreText, stripPunctuation, summarize, ZERO_COUNTS, type Counts } from '../evaluation/scoring.ts';
import type { ExtractionResult } from '../types.ts';

/** Held-out rounds by letter. */
export const ROUNDS: Record<string, HeldoutSpeech[]> = {
  A: ROUND_A,
  B: ROUND_B,
  C: [...HELDOUT_SPEECHES_3, ...HELDOUT_SPEECHES_3B, ...HELDOUT_SPEECHES_3_ASR],
  D: HELDOUT_SPEECHES_4,
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

function main(): void {
  const which = process.argv[2] ?? 'C';
  const texts = which === 'all' ? Object.values(ROUNDS).flat() : ROUNDS[which];
  if (!texts) {
    process.stderr.write(`unknown round ${which}: one of ${Object.keys(ROUNDS).join(', ')}, all\n`);
    process.exit(2);
  }
  const r = heldoutReport(texts);
  process.stderr.write(`${heldoutTable(r)}\n`);
  process.stdout.write(`${JSON.stringify({ round: which, written: r.written.summary, stripped: r.stripped.summary, asr_live: r.asr.summary }, null, 2)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
