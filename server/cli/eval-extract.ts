/**
 * `npm run eval:extract`: scores the extractor on the labelled corpora under $LUOSHI_FIXTURES and
 * prints JSON on stdout (a per-text table of the speeches goes to stderr):
 * - news reports (texts/: seeds + dev): clean, and with ASR-like noise (no punctuation, 3 % of the
 *   characters swapped for homophones, seeded per text so every run scores the same copy);
 * - whole speeches (speeches/): as written, and punctuation-stripped.
 * Items match only at their own depth (scoring.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { extract } from '../../shared/extraction/index.ts';
import {
  addCounts, scoreText, stripPunctuation, summarize, ZERO_COUNTS, type Counts, type Label,
} from '../../shared/extraction/scoring.ts';
import { asrNoise } from '../../shared/extraction/testing/asr-noise.ts';

/** One labelled fixture text. */
export interface Fixture { id: string; text: string; label: Label }

/** Share of characters the noisy news copies swap for homophones. */
export const NOISE_SWAP_RATE = 0.03;

const readLabel = (file: string): Label => JSON.parse(fs.readFileSync(file, 'utf8')) as Label;

/** Loads seeds and dev texts with their labels from a fixtures folder. */
export function loadFixtures(fixtures: string): Fixture[] {
  const texts = path.join(fixtures, 'texts');
  const out: Fixture[] = [];
  for (const seed of fs.readdirSync(texts).filter((f) => /^seed-.*\.txt$/.test(f)).sort()) {
    const id = seed.replace(/\.txt$/, '');
    out.push({ id, text: fs.readFileSync(path.join(texts, seed), 'utf8'), label: readLabel(path.join(texts, 'labels', `${id}.json`)) });
  }
  const dev = path.join(texts, 'dev');
  for (const f of fs.readdirSync(path.join(dev, 'texts')).filter((n) => n.endsWith('.txt')).sort()) {
    const id = f.replace(/\.txt$/, '');
    out.push({ id: `dev/${id}`, text: fs.readFileSync(path.join(dev, 'texts', f), 'utf8'), label: readLabel(path.join(dev, 'labels', `${id}.json`)) });
  }
  return out;
}

/** Loads the whole speeches (speeches/texts/NN.txt + labels/NN.json); [] when the folder is absent. */
export function loadSpeeches(fixtures: string): Fixture[] {
  const dir = path.join(fixtures, 'speeches');
  if (!fs.existsSync(path.join(dir, 'texts'))) return [];
  return fs.readdirSync(path.join(dir, 'texts')).filter((n) => n.endsWith('.txt')).sort().map((f) => {
    const id = f.replace(/\.txt$/, '');
    return { id, text: fs.readFileSync(path.join(dir, 'texts', f), 'utf8'), label: readLabel(path.join(dir, 'labels', `${id}.json`)) };
  });
}

/** A deterministic seed per text id (FNV-1a), so a text's noisy copy never changes between runs. */
export function seedOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** How a corpus text is presented to the extractor. */
export type Variant = (fx: Fixture) => string;

export const AS_WRITTEN: Variant = (fx) => fx.text;
export const STRIPPED: Variant = (fx) => stripPunctuation(fx.text);
export const NOISY: Variant = (fx) => asrNoise(fx.text, { seed: seedOf(fx.id), swapRate: NOISE_SWAP_RATE });

/** Per-text figures of one variant. */
export interface TextScore { precision: number; recall: number; f1: number; gold: number; predicted: number; matched: number }

/** Summed figures of a corpus under one variant, and each text's own. */
export interface CorpusScore { summary: Record<string, number | string>; perText: Record<string, TextScore> }

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

function main(): void {
  const dir = process.env.LUOSHI_FIXTURES;
  if (!dir) {
    process.stderr.write('LUOSHI_FIXTURES 未设置 / is not set: export it to the fixtures folder (e.g. ../shared/fixtures)\n');
    process.exit(2);
  }
  if (!fs.existsSync(path.join(dir, 'texts'))) {
    process.stderr.write(`找不到文本目录 / no texts folder under LUOSHI_FIXTURES: ${dir}\n`);
    process.exit(2);
  }
  const news = loadFixtures(dir);
  const speeches = loadSpeeches(dir);
  const newsClean = scoreCorpus(news, AS_WRITTEN);
  const newsNoisy = scoreCorpus(news, NOISY);
  const newsStripped = scoreCorpus(news, STRIPPED);
  const out: Record<string, unknown> = {
    news: {
      texts: news.length,
      clean: newsClean.summary,
      noisy: { swap_rate: NOISE_SWAP_RATE, ...newsNoisy.summary },
      stripped: newsStripped.summary,
      per_text: Object.fromEntries(news.map((fx) => [fx.id, {
        f1: newsClean.perText[fx.id]?.f1, noisy_f1: newsNoisy.perText[fx.id]?.f1, stripped_f1: newsStripped.perText[fx.id]?.f1,
      }])),
    },
  };
  if (speeches.length === 0) {
    process.stderr.write(`没有演讲语料 / no speeches folder under ${dir}: speeches not scored\n`);
  } else {
    const written = scoreCorpus(speeches, AS_WRITTEN);
    const stripped = scoreCorpus(speeches, STRIPPED);
    out.speeches = {
      texts: speeches.length,
      as_written: written.summary,
      stripped: stripped.summary,
      per_text: Object.fromEntries(speeches.map((fx) => [fx.id, {
        f1: written.perText[fx.id]?.f1, stripped_f1: stripped.perText[fx.id]?.f1,
        gold: written.perText[fx.id]?.gold, predicted: written.perText[fx.id]?.predicted,
      }])),
    };
    process.stderr.write(`${speechTable(speeches, written, stripped)}\n`);
  }
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
