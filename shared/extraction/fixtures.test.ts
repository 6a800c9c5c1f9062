import { describe, expect, it } from 'vitest';
import { fixturesDir } from '../../test/env.ts';
import { loadFixtures, loadSpeeches } from '../../server/cli/lib/corpus.ts';
import { AS_WRITTEN, evaluate, NOISY, scoreCorpus, STRIPPED } from './evaluation/score-corpus.ts';
import { extract } from './index.ts';
import { scoreText, stripPunctuation } from './evaluation/scoring.ts';

const fixtures = loadFixtures(fixturesDir());
const report = evaluate(fixtures);

describe('eval targets on seeds + dev texts', () => {
  it('loads seeds and dev texts', () => {
    expect(fixtures.map((f) => f.id)).toEqual(expect.arrayContaining(['seed-1', 'seed-2', 'dev/27', 'dev/31']));
  });
  it('punctuated: item F1 ≥ 0.97, trap texts clean, counts 100 %', () => {
    expect(report.punctuated.item_f1).toBeGreaterThanOrEqual(0.97);
    expect(report.punctuated.announced_count_accuracy).toBe(1);
    const [clean, total] = String(report.punctuated.trap_texts_clean).split('/');
    expect(clean).toBe(total);
  });
  it('stripped of punctuation: item F1 ≥ 0.93, trap texts clean', () => {
    expect(report.stripped.item_f1).toBeGreaterThanOrEqual(0.93);
    const [clean, total] = String(report.stripped.trap_texts_clean).split('/');
    expect(clean).toBe(total);
  });
  it('speakers, responsible units and deadlines stay good', () => {
    expect(report.punctuated.speaker_accuracy).toBeGreaterThanOrEqual(0.9);
    expect(report.punctuated.responsible_f1).toBeGreaterThanOrEqual(0.9);
    expect(report.punctuated.deadline_accuracy).toBeGreaterThanOrEqual(0.95);
  });
  for (const id of ['dev/27', 'dev/31']) {
    it(`trap text ${id} yields no item, punctuated or not`, () => {
      const fx = fixtures.find((f) => f.id === id);
      expect(fx).toBeDefined();
      if (!fx) return;
      expect(extract(fx.text).speakers).toEqual([]);
      expect(extract(stripPunctuation(fx.text)).speakers).toEqual([]);
    });
  }
  it('every label string the extractor outputs is a substring of its text', () => {
    for (const fx of fixtures) {
      for (const s of extract(fx.text).speakers) {
        for (const item of s.items) {
          for (const str of [item.marker, item.headline, ...item.responsible, item.deadline ?? '']) {
            expect(fx.text.includes(str)).toBe(true);
          }
        }
      }
      expect(scoreText(extract(fx.text), fx.label).matchedItems).toBe(scoreText(extract(fx.text), fx.label).goldItems);
    }
  });
});

describe('whole speeches (as written and stripped) and noisy news reach their item F1 floors', () => {
  const speeches = loadSpeeches(fixturesDir());
  it('loads the 16 speeches (10 with lists, 6 traps)', () => {
    expect(speeches).toHaveLength(16);
    expect(speeches.filter((s) => s.label.speakers.length === 0)).toHaveLength(6);
  });
  it('speeches as written: item F1 ≥ 0.85 at the right depth, every trap text clean', () => {
    const s = scoreCorpus(speeches, AS_WRITTEN).summary;
    expect(s.item_f1).toBeGreaterThanOrEqual(0.85);
    expect(s.trap_texts_clean).toBe('6/6');
  });
  it('speeches stripped of punctuation: item F1 ≥ 0.75', () => {
    expect(scoreCorpus(speeches, STRIPPED).summary.item_f1).toBeGreaterThanOrEqual(0.75);
  });
  it('news with ASR-like noise (no punctuation, 3 % homophones): item F1 ≥ 0.90', () => {
    expect(scoreCorpus(fixtures, NOISY).summary.item_f1).toBeGreaterThanOrEqual(0.9);
  });
});
