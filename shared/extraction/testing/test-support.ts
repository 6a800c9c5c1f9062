/**
 * Harness shared by the extractor's tests (this is no test file itself): the ASR-like stripping
 * of the held-out tests, fixture loading, and pushing pieces through a live extractor.
 */
import { loadFixtures } from '../../../server/cli/lib/corpus.ts';
import { fixturesDir } from '../../../test/env.ts';
import { HELDOUT as HELDOUT_1 } from './heldout-cases.ts';
import { NEWS_STYLES } from './heldout-news-styles.ts';
import { WEBSITE_REPORTS } from './heldout-website-reports.ts';
import { PRONOUN_LEADINS } from './heldout-pronoun-leadins.ts';
import { createExtractor, extract } from '../index.ts';
import { findResponsible } from '../responsible.ts';
import type { ExtractedSpeaker, ExtractionResult, ExtractorEvent } from '../types.ts';

/** Every held-out round's cases, in round order. */
export const ALL_HELDOUT = [...HELDOUT_1, ...NEWS_STYLES, ...WEBSITE_REPORTS, ...PRONOUN_LEADINS];

/** First list extracted from `text` (one-shot). */
export const first = (text: string): ExtractedSpeaker | undefined => extract(text).speakers[0];

/** ASR-like copy: no punctuation at all (markers lose theirs too: （一） → 一, 1、 → 1). */
export function strip(text: string): string {
  return text.replace(/[，。；：、！？,.;:!?“”"（）()\n．]/g, '');
}

/** Responsible parties found in `text` as given (not normalised), as strings. */
export function units(text: string, punctuated = true): string[] {
  return findResponsible(text, 0, text.length, punctuated).map(([s, e]) => text.slice(s, e));
}

/** Seed and dev fixture texts ($LUOSHI_FIXTURES/texts), by fixture id (seed-1, dev/03 …). */
export function fixtureTexts(): Array<[string, string]> {
  return loadFixtures(fixturesDir()).map((f) => [f.id, f.text]);
}

/** Pushes `pieces` through a fresh live extractor, then ends it: every event and the result. */
export function runPushes(pieces: string[]): { events: ExtractorEvent[]; result: ExtractionResult } {
  const ex = createExtractor();
  const events: ExtractorEvent[] = [];
  for (const p of pieces) events.push(...ex.push(p));
  events.push(...ex.end());
  return { events, result: ex.result() };
}
