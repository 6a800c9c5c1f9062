/**
 * `npm run bench:extract`: how much one live push costs, against one-shot extraction of the same
 * text in the same run, and whether that cost stays proportional to the new text as the
 * transcript grows. Prints JSON.
 * - `punctuated`: a 20,000-character speech (the two seed speeches the project keeps, repeated).
 * - `unpunctuated`: a 30,000-character speech built at run time from $LUOSHI_FIXTURES/speeches with
 *   every punctuation mark and space removed (raw ASR); skipped, with a note, when LUOSHI_FIXTURES
 *   is unset. The texts are read from the fixtures folder, never copied into the project.
 * - `scaling`: the same unpunctuated text built to 30,000 / 60,000 / 120,000 characters (past the
 *   length where V8 allocates a string as a large object, 64k two-byte chars): per-push p50/p99 by
 *   position decile, total against one-shot, and the widest window the rules read.
 * Every text is pushed 10 characters at a time (best of 3 rounds by total); the final result must
 * equal one-shot. Fields of earlier versions keep their names; new ones are added.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createExtractor, extract } from '../../shared/extraction/index.ts';
import { stripPunctuation } from '../../shared/extraction/evaluation/scoring.ts';

const PUSH_CHARS = 10;
const ROUNDS = 3;
/** Lengths of the unpunctuated scaling rows (chars). */
const SCALING_CHARS = [30_000, 60_000, 120_000];
const DECILES = 10;

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

/** The speeches of the fixtures folder, stripped of punctuation, concatenated; null without fixtures. */
function unpunctuatedBase(): string | null {
  const fixtures = process.env.LUOSHI_FIXTURES;
  const dir = fixtures ? path.join(fixtures, 'speeches', 'texts') : '';
  if (!fixtures || !fs.existsSync(dir)) return null;
  return fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()
    .map((f) => stripPunctuation(fs.readFileSync(path.join(dir, f), 'utf8'))).join('');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

/** One round: the time of every push (µs), the total (ms), the widest window, and the result. */
function pushAll(text: string): { totalMs: number; pushesUs: number[]; widestWindow: number; result: string } {
  const extractor = createExtractor();
  const pushesUs: number[] = [];
  let widestWindow = 0;
  const start = performance.now();
  for (let i = 0; i < text.length; i += PUSH_CHARS) {
    const p0 = performance.now();
    extractor.push(text.slice(i, i + PUSH_CHARS));
    pushesUs.push((performance.now() - p0) * 1000);
    widestWindow = Math.max(widestWindow, extractor.windowChars());
  }
  extractor.end();
  return { totalMs: performance.now() - start, pushesUs, widestWindow, result: JSON.stringify(extractor.result()) };
}

/** Per-push p50/p99 (µs) in each tenth of the text, by the position the push ends at. */
function byDecile(pushesUs: number[]): Array<{ decile: number; p50_us: number; p99_us: number }> {
  const out = [];
  for (let d = 0; d < DECILES; d++) {
    const part = pushesUs.slice(Math.floor((d * pushesUs.length) / DECILES), Math.floor(((d + 1) * pushesUs.length) / DECILES));
    const sorted = part.sort((a, b) => a - b);
    out.push({ decile: d + 1, p50_us: round3(percentile(sorted, 50)), p99_us: round3(percentile(sorted, 99)) });
  }
  return out;
}

/** Best of ROUNDS: total and per-push times of 10-char pushes, and one-shot on the same text. */
function measure(text: string): Record<string, unknown> {
  let best: ReturnType<typeof pushAll> | null = null;
  let oneShotMs = Infinity;
  let lists = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = performance.now();
    const once = extract(text);
    oneShotMs = Math.min(oneShotMs, performance.now() - t0);
    const run = pushAll(text);
    if (run.result !== JSON.stringify(once)) {
      process.stderr.write('incremental result differs from one-shot\n');
      process.exit(1);
    }
    lists = once.speakers.length;
    if (!best || run.totalMs < best.totalMs) best = run;
  }
  if (!best) throw new Error('no rounds');
  const sorted = [...best.pushesUs].sort((a, b) => a - b);
  const deciles = byDecile(best.pushesUs);
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
    // Added: the widest text the rules read on a push, and the push cost by position in the text.
    widest_window_chars: best.widestWindow,
    last_over_first_decile_p50: round3((deciles.at(-1)?.p50_us ?? 0) / Math.max(1e-9, deciles[0]?.p50_us ?? 0)),
    by_decile: deciles,
  };
}

/** Scaling rows: the unpunctuated text at each length, with the ratio of total time per char to the 30k row's. */
function scaling(base: string): Array<Record<string, unknown>> {
  const rows = SCALING_CHARS.map((chars) => measure(repeatTo(base, chars)));
  const perChar = (r: Record<string, unknown>): number => Number(r.incremental_total_ms) / Number(r.chars);
  const first = rows[0];
  return rows.map((r) => ({ ...r, total_per_char_vs_first: first ? round3(perChar(r) / perChar(first)) : 1 }));
}

const base = unpunctuatedBase();
if (base === null) {
  process.stderr.write('LUOSHI_FIXTURES 未设置或没有 speeches/ / is unset or has no speeches/: the unpunctuated speeches are skipped\n');
}
process.stdout.write(`${JSON.stringify({
  push_chars: PUSH_CHARS,
  rounds: ROUNDS,
  punctuated: measure(seedSpeech()),
  unpunctuated: base === null ? { skipped: 'LUOSHI_FIXTURES unset' } : measure(repeatTo(base, 30_000)),
  scaling: base === null ? { skipped: 'LUOSHI_FIXTURES unset' } : scaling(base),
  cpus: os.cpus().length,
  load_average: os.loadavg().map((l) => Math.round(l * 100) / 100),
  node: process.version,
}, null, 2)}\n`);
