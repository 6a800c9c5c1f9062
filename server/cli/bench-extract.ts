/**
 * `npm run bench:extract`: a 20,000-character speech (the seed texts, concatenated and repeated)
 * pushed 10 characters at a time through createExtractor(), against one-shot extract() of the
 * same text. Prints JSON.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createExtractor, extract } from '../../shared/extraction/index.ts';

const SPEECH_CHARS = 20_000;
const PUSH_CHARS = 10;
const ROUNDS = 3;

function seedText(): string {
  // The two seed speeches are the one fixture the project keeps a copy of.
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../shared/extraction/fixtures');
  const base = ['seed-1.txt', 'seed-2.txt'].map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
  let speech = '';
  while (speech.length < SPEECH_CHARS) speech += `${base}\n`;
  return speech.slice(0, SPEECH_CHARS);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const speech = seedText();
let best: { totalMs: number; pushesUs: number[] } | null = null;
let oneShotMs = Infinity;
let lists = 0;
for (let round = 0; round < ROUNDS; round++) {
  const t0 = performance.now();
  const once = extract(speech);
  oneShotMs = Math.min(oneShotMs, performance.now() - t0);
  const extractor = createExtractor();
  const pushesUs: number[] = [];
  const start = performance.now();
  for (let i = 0; i < speech.length; i += PUSH_CHARS) {
    const p0 = performance.now();
    extractor.push(speech.slice(i, i + PUSH_CHARS));
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
if (!best) process.exit(1);
const sorted = [...best.pushesUs].sort((a, b) => a - b);
const round3 = (n: number): number => Math.round(n * 1000) / 1000;
process.stdout.write(`${JSON.stringify({
  speech_chars: speech.length,
  push_chars: PUSH_CHARS,
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
  rounds: ROUNDS,
  cpus: os.cpus().length,
  node: process.version,
}, null, 2)}\n`);
