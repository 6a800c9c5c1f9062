/**
 * `npm run eval:extract`: scores the extractor on the labelled corpora under $LUOSHI_FIXTURES and
 * prints JSON on stdout (a per-text table of the speeches goes to stderr):
 * - news reports (texts/: seeds + dev): clean, and with ASR-like noise (no punctuation, 3 % of the
 *   characters swapped for homophones, seeded per text so every run scores the same copy);
 * - whole speeches (speeches/): as written, and punctuation-stripped.
 * Items match only at their own depth (shared/extraction/evaluation/scoring.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadFixtures, loadSpeeches } from './lib/corpus.ts';
import { AS_WRITTEN, NOISE_SWAP_RATE, NOISY, scoreCorpus, speechTable, STRIPPED } from '../../shared/extraction/evaluation/score-corpus.ts';

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
