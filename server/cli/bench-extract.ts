/**
 * `npm run bench:extract`: how much one live push costs, against one-shot extraction of the same
 * text in the same run. Prints JSON.
 * - `punctuated`: a 20,000-character speech (the two seed speeches the project keeps, repeated).
 * - `unpunctuated`: a 30,000-character speech built at run time from $LUOSHI_FIXTURES/speeches with
 *   every punctuation mark and space removed (raw ASR); skipped, with a note, when LUOSHI_FIXTURES
 *   is unset. The texts are read from the fixtures folder, never copied into the project.
 * Both are pushed 10 characters at a time (best of 3 rounds); the final result must equal one-shot.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createExtractor, extract } from '../../shared/extraction/index.ts';
import { stripPunctuation } from '../../shared/extraction/evaluation/scoring.ts';

const PUSH_CHARS = 10;
const ROUNDS = 3;

function repeatTo(base: string, chars: number): string {
  let text = '';
  while (text.length < chars) text += base;
  return text.slice(0, chars);
}

function seedSpeech(): string {
  // The two seed speeches are the one fixture the project keeps a copy of.
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../shared/extraction/fixtures');
  return repeatTo(['seed-1.txt', 'seed-2.txt'].map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n'), 20_000);
}

/** The speeches of the fixtures folder, stripped of punctuation, concatenated to 30,000 chars; null without fixtures. */
function unpunctuatedSpeech(): string | null {
  const fixtures = process.env.LUOSHI_FIXTURES;
  const dir = fixtures ? path.join(fixtures, 'speeches', 'texts') : '';
  if (!fixtures || !fs.existsSync(dir)) return null;
  const texts = fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()
    .map((f) => stripPunctuation(fs.readFileSync(path.join(dir, f), 'utf8')));
  return repeatTo(texts.join(''), 30_000);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

/** Best of ROUNDS: total and per-push times of 10-char pushes, and one-shot on the same text. */
function measure(text: string): Record<string, number> {
  let best: { totalMs: number; pushesUs: number[] } | null = null;
  let oneShotMs = Infinity;
  let lists = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = performance.now();
    const once = extract(text);
    oneShotMs = Math.min(oneShotMs, performance.now() - t0);
    const extractor = createExtractor();
    const pushesUs: number[] = [];
    const start = performance.now();
    for (let i = 0; i < text.length; i += PUSH_CHARS) {
      const p0 = performance.now();
      extractor.push(text.slice(i, i + PUSH_CHARS));
      pushesUs.push((performance.now() - p0) * 1000);
    }
    extractor.end();
    const totalMs = performance.now() - start;
    if (JSON.stringify(extractor.result()) !== JSON.stringify(once)) {
      process.stderr.write('incremental result differs from one-shot\n');
      process.exit(1);
    }
    lists = once.speakers.length;
    if (!best || totalMs < best.totalMs) best = { totalMs, pushesUs };
  }
  if (!best) throw new Error('no rounds');
  const sorted = [...best.pushesUs].sort((a, b) => a - b);
  return {
    chars: text.length,
    pushes: best.pushesUs.length,
    lists_found: lists,
    incremental_total_ms: round3(best.totalMs),
    push_p50_us: round3(percentile(sorted, 50)),
    push_p99_us: round3(percentile(sorted, 99)),
    push_max_us: round3(sorted[sorted.length - 1] ?? 0),
    one_shot_ms: round3(oneShotMs),
    incremental_over_one_shot: round3(best.totalMs / oneShotMs),
    // A naive driver re-parses the whole text on every push: pushes × one-shot of half the text on average.
    naive_reparse_estimate_ms: round3((best.pushesUs.length * oneShotMs) / 2),
  };
}

const raw = unpunctuatedSpeech();
if (raw === null) {
  process.stderr.write('LUOSHI_FIXTURES 未设置或没有 speeches/ / is unset or has no speeches/: the 30,000-char unpunctuated speech is skipped\n');
}
process.stdout.write(`${JSON.stringify({
  push_chars: PUSH_CHARS,
  rounds: ROUNDS,
  punctuated: measure(seedSpeech()),
  unpunctuated: raw === null ? { skipped: 'LUOSHI_FIXTURES unset' } : measure(raw),
  cpus: os.cpus().length,
  load_average: os.loadavg().map((l) => Math.round(l * 100) / 100),
  node: process.version,
}, null, 2)}\n`);
