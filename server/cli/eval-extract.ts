/**
 * `npm run eval:extract`: scores the extractor on $LUOSHI_FIXTURES/texts (seeds + dev), on the
 * texts as published and on punctuation-stripped copies (ASR-like), and prints JSON.
 */
import fs from 'node:fs';
import path from 'node:path';
import { extract } from '../../shared/extraction/index.ts';
import {
  addCounts, scoreText, stripPunctuation, summarize, ZERO_COUNTS, type Counts, type Label,
} from '../../shared/extraction/scoring.ts';

/** One labelled fixture text. */
export interface Fixture { id: string; text: string; label: Label }

/** Loads seeds and dev texts with their labels from a fixtures folder. */
export function loadFixtures(fixtures: string): Fixture[] {
  const texts = path.join(fixtures, 'texts');
  const out: Fixture[] = [];
  for (const seed of fs.readdirSync(texts).filter((f) => /^seed-.*\.txt$/.test(f)).sort()) {
    const id = seed.replace(/\.txt$/, '');
    out.push({
      id,
      text: fs.readFileSync(path.join(texts, seed), 'utf8'),
      label: JSON.parse(fs.readFileSync(path.join(texts, 'labels', `${id}.json`), 'utf8')) as Label,
    });
  }
  const dev = path.join(texts, 'dev');
  for (const f of fs.readdirSync(path.join(dev, 'texts')).filter((n) => n.endsWith('.txt')).sort()) {
    const id = f.replace(/\.txt$/, '');
    out.push({
      id: `dev/${id}`,
      text: fs.readFileSync(path.join(dev, 'texts', f), 'utf8'),
      label: JSON.parse(fs.readFileSync(path.join(dev, 'labels', `${id}.json`), 'utf8')) as Label,
    });
  }
  return out;
}

/** Scores every fixture, punctuated and stripped. */
export function evaluate(fixtures: Fixture[]): {
  punctuated: Record<string, number | string>;
  stripped: Record<string, number | string>;
  per_text: Record<string, { f1: number | string; stripped_f1: number | string }>;
} {
  let punct: Counts = ZERO_COUNTS;
  let stripped: Counts = ZERO_COUNTS;
  const perText: Record<string, { f1: number | string; stripped_f1: number | string }> = {};
  for (const fx of fixtures) {
    const a = scoreText(extract(fx.text), fx.label);
    const b = scoreText(extract(stripPunctuation(fx.text)), fx.label);
    punct = addCounts(punct, a);
    stripped = addCounts(stripped, b);
    perText[fx.id] = { f1: summarize(a).item_f1 ?? 0, stripped_f1: summarize(b).item_f1 ?? 0 };
  }
  return { punctuated: summarize(punct), stripped: summarize(stripped), per_text: perText };
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
  const fixtures = loadFixtures(dir);
  process.stdout.write(`${JSON.stringify({ texts: fixtures.length, ...evaluate(fixtures) }, null, 2)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
